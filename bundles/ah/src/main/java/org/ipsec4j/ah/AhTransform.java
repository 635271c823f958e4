package org.ipsec4j.ah;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
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
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The AH transform (RFC 4302, and RFC 1826 for {@code ah-old} SAs): transport and tunnel mode, IPv4 and IPv6, any
 * integrity algorithm the {@link AlgorithmRegistry} offers ({@code hmac-md5}, {@code hmac-sha1},
 * {@code hmac-sha256/384/512}, {@code hmac-ripemd160}, {@code aes-xcbc-mac}, {@code aes-cmac}, {@code keyed-md5},
 * {@code keyed-sha1}, {@code null}) and {@code aes-gmac} in its AH form (RFC 4543 section 5: the IV in the AH header),
 * 32-bit and extended sequence numbers. The paths are {@link AhOutput} and {@link AhInput}; what the ICV covers is
 * {@link IcvPrefix} and {@link AhIcv}; this class binds algorithms and keeps the boundary: every packet ends in one
 * {@link Verdict}, a drop is counted on the SA, and no exception leaves {@link #output} or {@link #input}.
 *
 * <h2>Threading and state</h2>
 * As in the ESP transform: any number of threads may call at once. Each thread has one {@link AhThreadState} (header
 * views and scratch, made on its first packet) and a small slot number from {@link ThreadSlots}; each SA's
 * {@link SaEntry#attachment()} holds an {@link AhSaState}, an array indexed by slot of {@link AhBinding}s: the SA's
 * integrity context keyed for that thread. A binding remembers the SA configuration and the registry
 * {@link AlgorithmRegistry#generation() generation} it was made for and is made again when either changed (same
 * provider: kept), so providers can come and go under a live SA without losing its sequence number, replay window or
 * counters; while no provider offers the algorithm the answer is {@link Verdict#NO_ALGORITHM}. Bindings are closed
 * (keys zeroed) when a packet finds the SA dead, or by an SAD that closes the attachments it drops. The sequence
 * number and the replay window belong to the SA: {@link SaEntry#nextSequence()}, {@link SaEntry#replayCheck(int)}
 * before the ICV, {@link SaEntry#replayCommit(long)} after it verified. Nothing locks per packet, and in steady state
 * nothing is allocated per packet in this bundle: the ICV is computed over a copy of the headers in front of AH in
 * thread scratch, then straight over the packet.
 *
 * <p>Counters: {@link SaEntry#recordOutput(int)} and {@link SaEntry#recordInput(int)} are charged with the IP packet
 * without AH, as handed to {@link #output} and as handed back by {@link #input}, as the ESP transform does.
 *
 * <h2>Configuration</h2>
 * {@link AhOptions}, in OSGi the configuration {@value #PID}: {@value AhOptions#AH_ALIGN64} pads IPv4 AH to 64 bits
 * for Linux peers whose SAs lack {@code align4} (see {@link AhOptions}); {@code ttl} and {@code hopLimit} of tunnel
 * mode's outer header. A change applies to the next packet; the component is not restarted.
 *
 * <p>Not done: IPv6 routing headers other than type 0 and 2 with segments left are refused on output and input (their
 * arrival form cannot be predicted); the Mobile IPv6 home address option is not swapped with the source address.
 */
@Component(service = IpsecTransform.class, configurationPid = AhTransform.PID,
        property = {IpsecTransform.PROTOCOL + "=ah", IpsecTransform.PROTOCOL + "=ah-old"})
@Designate(ocd = AhTransform.Config.class)
public final class AhTransform implements IpsecTransform {
    /** The configuration PID of the component. */
    public static final String PID = "org.ipsec4j.ah";

    /** The AH component's configuration. */
    @ObjectClassDefinition(id = PID, name = "ipsec4j AH", description = "The AH transform (RFC 4302).")
    public @interface Config {
        @AttributeDefinition(name = AhOptions.AH_ALIGN64, description = "Pad IPv4 AH to 64 bits, as Linux does for "
                + "SAs without align4 (and requires from its peers), instead of RFC 4302's 32 bits. Input accepts both.")
        boolean net_inet_ipsec_ah__align64() default false;

        @AttributeDefinition(name = "Tunnel TTL", description = "TTL of the outer IPv4 header in tunnel mode")
        int ttl() default 64;

        @AttributeDefinition(name = "Tunnel hop limit", description = "Hop limit of the outer IPv6 header in tunnel mode")
        int hopLimit() default 64;
    }

    private final AlgorithmRegistry registry;
    private final AhOutput output = new AhOutput(ThreadLocalRandom.current().nextInt());
    private final AhInput input = new AhInput();
    private final ThreadSlots slots = new ThreadSlots();
    private final ThreadLocal<AhThreadState> threads;
    private volatile AhOptions options;

    /** The DS constructor. */
    @Activate
    public AhTransform(@Reference AlgorithmRegistry registry, Config config) {
        this(registry, options(config));
    }

    /** A transform outside OSGi. */
    public AhTransform(AlgorithmRegistry registry, AhOptions options) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.options = Objects.requireNonNull(options, "options");
        this.threads = ThreadLocal.withInitial(() -> {
            AhThreadState t = new AhThreadState();
            t.slot = slots.acquire(t);
            return t;
        });
    }

    /** A new configuration, applied to the next packet. */
    @Modified
    void modified(Config config) {
        setOptions(options(config));
    }

    private static AhOptions options(Config config) {
        return new AhOptions(config.net_inet_ipsec_ah__align64(), config.ttl(), config.hopLimit());
    }

    public AhOptions options() {
        return options;
    }

    /** Replaces the options; the next packet uses them. */
    public void setOptions(AhOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** {@link SaProtocol#AH}; the same transform serves {@link SaProtocol#AH_OLD} SAs. */
    @Override
    public SaProtocol protocol() {
        return SaProtocol.AH;
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
            AhThreadState t = threads.get();
            AhBinding b = usableBinding(sa, t);
            v = b == null ? Verdict.BAD_STATE : b.failure != null ? b.failure : input.input(pkt, sa, b, t);
        } catch (RuntimeException e) {
            v = verdictFor(e, sa);
        }
        if (v != Verdict.OK) {
            sa.recordDrop(v);
        }
        return v;
    }

    private Verdict protect(PacketBuffer pkt, SaEntry sa, IpsecMode mode) {
        AhThreadState t = threads.get();
        AhBinding b = usableBinding(sa, t);
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
        AhOptions o = options;
        if (tunnel) {
            return output.tunnel(pkt, sa, b, t, o);
        }
        if (pkt.length() < 1) {
            return Verdict.TRUNCATED;
        }
        int version = (pkt.array()[pkt.start()] & 0xff) >>> 4;
        return version == 4 ? output.transport4(pkt, sa, b, t, o)
                : version == 6 ? output.transport6(pkt, sa, b, t, o) : Verdict.BAD_HEADER;
    }

    /**
     * This thread's binding for {@code sa}, bound again if the SA's configuration or the registry changed: null when the
     * SA is not in a usable state, with {@link AhBinding#failure} set when its algorithm cannot be used now.
     */
    private AhBinding usableBinding(SaEntry sa, AhThreadState t) {
        SaState state = sa.state();
        if (state == SaState.DEAD) {
            if (sa.attachment() instanceof AhSaState dead) {
                dead.closeAll();
            }
            return null;
        }
        SecurityAssociation cfg = sa.sa();
        if (state == SaState.LARVAL || (cfg.protocol() != SaProtocol.AH && cfg.protocol() != SaProtocol.AH_OLD)) {
            return null;
        }
        AhSaState s = stateOf(sa);
        if (s == null) {
            return null;
        }
        AhBinding b = s.get(t.slot);
        long generation = registry.generation();
        if (b != null && b.config == cfg && b.generation == generation) {
            return b;
        }
        AhBinding fresh = AhBinding.bind(cfg, registry, generation, b, s);
        if (fresh != b) {
            s.put(t.slot, fresh);
        }
        return fresh;
    }

    /** The SA's AH state, attached on first use; null if something else holds the attachment. */
    private static AhSaState stateOf(SaEntry sa) {
        Object a = sa.attachment();
        if (a instanceof AhSaState s) {
            return s;
        }
        if (a != null) {
            return null;
        }
        AhSaState fresh = new AhSaState();
        if (sa.compareAndSetAttachment(null, fresh)) {
            return fresh;
        }
        return sa.attachment() instanceof AhSaState s ? s : null;
    }

    /**
     * The verdict for an exception from a context or the buffer, which only a bug or a race with the SA's death can
     * cause: the SA's state if it is gone, else a length inconsistency.
     */
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
