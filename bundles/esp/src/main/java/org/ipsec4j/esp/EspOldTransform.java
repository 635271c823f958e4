package org.ipsec4j.esp;

import java.security.SecureRandom;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SaState;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.IpsecTransform;
import org.ipsec4j.api.transform.Verdict;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * ESP in its old form ({@code esp-old} SAs): RFC 1827 with the CBC ciphers of RFC 1829, as KAME sends it. The header
 * is the SPI alone, followed by the IV (8 bytes, or 4 for {@code des-32iv}, which the cipher extends to
 * {@code iv || ~iv}); then the payload, padding, pad length and next header, encrypted, as in RFC 4303. There is no
 * sequence number, so no anti-replay, and no integrity check: on input a wrong key or a damaged packet shows only as a
 * bad pad length or next header, or not at all. Transport and tunnel mode, IPv4 and IPv6.
 *
 * <p>The work is {@link EspOldCodec}'s; the algorithm binding, threading and counting are the ESP transform's (the same
 * {@link EspBinding}s in an {@link EspSaState} per SA, the same per-thread {@link EspThreadState}, the same
 * {@link Verdict} boundary; see {@link EspTransform}). Refused with {@link Verdict#BAD_STATE}: an integrity algorithm
 * ({@code -A}), combined-mode and counter-mode ciphers (their IV must never repeat, and RFC 1827 has no counter to
 * make it unique). The IV of CBC is random, from the thread's generator. Padding contents are not checked on input
 * (RFC 1829 leaves them to the sender).
 */
@Component(service = IpsecTransform.class, property = IpsecTransform.PROTOCOL + "=esp-old")
public final class EspOldTransform implements IpsecTransform {
    private final AlgorithmRegistry registry;
    private final EspOldCodec codec;
    private final ThreadSlots slots = new ThreadSlots();
    private final ThreadLocal<EspThreadState> threads;

    /** The DS constructor: default options. */
    @Activate
    public EspOldTransform(@Reference AlgorithmRegistry registry) {
        this(registry, EspOptions.DEFAULTS);
    }

    /** A transform outside OSGi. */
    public EspOldTransform(AlgorithmRegistry registry, EspOptions options) {
        this.registry = registry;
        SecureRandom seeds = new SecureRandom();
        this.codec = new EspOldCodec(options, seeds.nextInt());
        this.threads = ThreadLocal.withInitial(() -> {
            EspThreadState t = new EspThreadState(seeds);
            t.slot = slots.acquire(t);
            return t;
        });
    }

    @Override
    public SaProtocol protocol() {
        return SaProtocol.ESP_OLD;
    }

    @Override
    public Verdict output(PacketBuffer pkt, SaEntry sa) {
        return output(pkt, sa, IpsecMode.ANY);
    }

    @Override
    public Verdict output(PacketBuffer pkt, SaEntry sa, IpsecMode mode) {
        Verdict v;
        try {
            v = protect(pkt, sa, mode);
        } catch (RuntimeException e) {
            v = verdictFor(e, sa);
        }
        if (v != Verdict.OK) {
            sa.recordDrop(v);
        }
        return v;
    }

    @Override
    public Verdict input(PacketBuffer pkt, SaEntry sa) {
        Verdict v;
        try {
            EspThreadState t = threads.get();
            EspBinding b = usableBinding(sa, t);
            v = b == null ? Verdict.BAD_STATE : b.failure != null ? b.failure : codec.input(pkt, sa, b, t);
        } catch (RuntimeException e) {
            v = verdictFor(e, sa);
        }
        if (v != Verdict.OK) {
            sa.recordDrop(v);
        }
        return v;
    }

    private Verdict protect(PacketBuffer pkt, SaEntry sa, IpsecMode mode) {
        EspThreadState t = threads.get();
        EspBinding b = usableBinding(sa, t);
        if (b == null) {
            return Verdict.BAD_STATE;
        }
        if (b.failure != null) {
            return b.failure;
        }
        IpsecMode saMode = b.config.mode();
        boolean tunnel;
        if (saMode == IpsecMode.ANY) {
            tunnel = mode == IpsecMode.TUNNEL;
        } else if (mode == IpsecMode.ANY || mode == saMode) {
            tunnel = saMode == IpsecMode.TUNNEL;
        } else {
            return Verdict.BAD_STATE;
        }
        return codec.output(pkt, sa, b, t, tunnel);
    }

    /**
     * This thread's binding for {@code sa}, as the ESP transform makes it, refused (with {@link Verdict#BAD_STATE} as
     * its failure) when it is not a plain CBC (or null) cipher: null when the SA is not in a usable state.
     */
    private EspBinding usableBinding(SaEntry sa, EspThreadState t) {
        SaState state = sa.state();
        if (state == SaState.DEAD) {
            if (sa.attachment() instanceof EspSaState dead) {
                dead.closeAll();
            }
            return null;
        }
        SecurityAssociation cfg = sa.sa();
        if (state == SaState.LARVAL || cfg.protocol() != SaProtocol.ESP_OLD || cfg.authentication().isPresent()) {
            return null;
        }
        EspSaState s = stateOf(sa);
        if (s == null) {
            return null;
        }
        EspBinding b = s.get(t.slot);
        long generation = registry.generation();
        if (b != null && b.config == cfg && b.generation == generation) {
            return b;
        }
        EspBinding fresh = EspBinding.bind(cfg, registry, generation, b, s);
        if (fresh.failure == null && (fresh.aead != null || fresh.counterIv)) {
            fresh.close();
            return null;
        }
        if (fresh != b) {
            s.put(t.slot, fresh);
        }
        return fresh;
    }

    private static EspSaState stateOf(SaEntry sa) {
        Object a = sa.attachment();
        if (a instanceof EspSaState s) {
            return s;
        }
        if (a != null) {
            return null;
        }
        EspSaState fresh = new EspSaState();
        if (sa.compareAndSetAttachment(null, fresh)) {
            return fresh;
        }
        return sa.attachment() instanceof EspSaState s ? s : null;
    }

    private static Verdict verdictFor(RuntimeException e, SaEntry sa) {
        try {
            if (e instanceof IllegalStateException || sa.state() == SaState.DEAD) {
                return Verdict.BAD_STATE;
            }
        } catch (RuntimeException ignored) {
            return Verdict.BAD_STATE;
        }
        return Verdict.BAD_LENGTH;
    }
}
