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
 * The ESP transform (RFC 4303): transport and tunnel mode, IPv4 and IPv6, any encryption, integrity or combined-mode
 * algorithm the {@link AlgorithmRegistry} offers, 32-bit and extended sequence numbers. The paths themselves are
 * {@link EspOutput} and {@link EspInput}; this class binds algorithms and keeps the boundary: every packet ends in one
 * {@link Verdict}, a drop is counted on the SA, and no exception leaves {@link #output} or {@link #input}.
 *
 * <h2>Threading, IVs and state</h2>
 * Any number of threads may call {@link #output} and {@link #input} at once, for the same SA or different ones. Each
 * thread has one {@link EspThreadState} (a thread-local made on its first packet): header views, AAD scratch, a
 * random generator, and a small slot number from {@link ThreadSlots}, recycled when the thread ends. Each SA's
 * {@link SaEntry#attachment()} holds an {@link EspSaState}: an array indexed by slot of {@link EspBinding}s, the SA's
 * algorithm contexts keyed for that thread (JCE ciphers and MACs are not thread-safe, so contexts are never shared).
 * So an SA holds at most one set of contexts per thread that used it, and they live and die with the SA: closed
 * (keys zeroed) when a packet finds the SA dead, or by the SAD, which closes the attachment it drops on update and
 * death ({@link EspSaState} is {@link AutoCloseable}). A binding remembers the SA configuration and
 * the registry's {@link AlgorithmRegistry#generation() generation} it was made for, and is made again when either
 * changed (same providers: kept as is), so providers can come, go or be replaced under a live SA without losing its
 * sequence number, replay window or counters; while no provider offers an algorithm the answer is
 * {@link Verdict#NO_ALGORITHM}, remembered until the generation changes. The sequence number and the replay window
 * belong to the SA ({@link SaEntry#nextSequence()}, {@link SaEntry#replayCheck(int)} before any crypto,
 * {@link SaEntry#replayCommit(long)} after the ICV verified); nothing here locks per packet. In steady state a packet
 * allocates nothing in this bundle: a thread-local read, the attachment, a generation compare, then work in place in
 * the {@link PacketBuffer}.
 *
 * <p>IVs: counter modes (GCM, CCM, CTR, ChaCha20-Poly1305, GMAC: AEAD algorithms, and ciphers of block size 1) need an
 * IV that never repeats under a key, and get the 64-bit sequence number (RFC 4106 section 3.1), unique per SA; an SA
 * whose 32-bit sequence number cycles ({@code -r 0} with cyclic numbers, no ESN) stops at the wrap with
 * {@link Verdict#SEQUENCE_OVERFLOW} under such an algorithm rather than repeat an IV. CBC needs
 * unpredictable IVs and gets random bytes from the thread's {@link ChaCha20Random}, a fast-key-erasure ChaCha20
 * generator seeded from {@link SecureRandom} (as OpenBSD's arc4random, which KAME's successors use), reseeded every
 * MiB. Random padding comes from the same generator. Tests replace the IV with an {@link IvSource}.
 *
 * <p>Counters: {@link SaEntry#recordOutput(int)} and {@link SaEntry#recordInput(int)} are charged with the plaintext IP
 * packet, header included: as handed to {@link #output} (after trimming bytes beyond its IP length), and as handed back
 * by {@link #input}. Both ends of an SA so count the same bytes for the same packet; KAME counts the same on input
 * ({@code key_sa_recordxfer} after decapsulation) but the protected packet on output.
 *
 * <p>Not done: the RFC 1827/1829 {@code esp-old} format and ESP in UDP ({@code esp-udp}, RFC 3948) are refused with
 * {@link Verdict#BAD_STATE}. TFC padding is accepted on input, never sent.
 */
@Component(service = IpsecTransform.class, property = IpsecTransform.PROTOCOL + "=esp")
public final class EspTransform implements IpsecTransform {
    private final AlgorithmRegistry registry;
    private final EspOutput output;
    private final EspInput input = new EspInput();
    private final ThreadSlots slots = new ThreadSlots();
    private final ThreadLocal<EspThreadState> threads;

    /** The DS constructor: default options, ESP's own IVs. */
    @Activate
    public EspTransform(@Reference AlgorithmRegistry registry) {
        this(registry, EspOptions.DEFAULTS, null);
    }

    /**
     * A transform outside OSGi.
     *
     * @param ivSource null for ESP's own IVs; otherwise every IV comes from it (tests reproducing vectors)
     */
    public EspTransform(AlgorithmRegistry registry, EspOptions options, IvSource ivSource) {
        this.registry = registry;
        SecureRandom seeds = new SecureRandom();
        this.output = new EspOutput(options, ivSource, seeds.nextInt());
        this.threads = ThreadLocal.withInitial(() -> {
            EspThreadState t = new EspThreadState(seeds);
            t.slot = slots.acquire(t);
            return t;
        });
    }

    @Override
    public SaProtocol protocol() {
        return SaProtocol.ESP;
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
            v = open(pkt, sa);
        } catch (RuntimeException e) {
            v = verdictFor(e, sa);
        }
        if (v != Verdict.OK) {
            sa.recordDrop(v);
        }
        return v;
    }

    private Verdict open(PacketBuffer pkt, SaEntry sa) {
        EspSaState s = usableState(sa);
        if (s == null) {
            return Verdict.BAD_STATE;
        }
        EspThreadState t = threadState(s);
        EspBinding b = binding(sa, s, t);
        return b.failure != null ? b.failure : input.input(pkt, sa, b, t);
    }

    private Verdict protect(PacketBuffer pkt, SaEntry sa, IpsecMode mode) {
        EspSaState s = usableState(sa);
        if (s == null) {
            return Verdict.BAD_STATE;
        }
        EspThreadState t = threadState(s);
        EspBinding b = binding(sa, s, t);
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
        if (tunnel) {
            return output.tunnel(pkt, sa, b, t);
        }
        if (pkt.length() < 1) {
            return Verdict.TRUNCATED;
        }
        int version = (pkt.array()[pkt.start()] & 0xff) >>> 4;
        return version == 4 ? output.transport4(pkt, sa, b, t)
                : version == 6 ? output.transport6(pkt, sa, b, t) : Verdict.BAD_HEADER;
    }

    /** The SA's ESP state, or null when the SA is not in a usable state (dead, larval, not ESP). */
    private static EspSaState usableState(SaEntry sa) {
        SaState state = sa.state();
        if (state == SaState.DEAD) {
            if (sa.attachment() instanceof EspSaState dead) {
                dead.closeAll();
            }
            return null;
        }
        if (state == SaState.LARVAL || sa.sa().protocol() != SaProtocol.ESP) {
            return null;
        }
        return stateOf(sa);
    }

    /**
     * This thread's state: the one the SA saw last when that is this thread's (no {@link ThreadLocal} lookup, see
     * {@link EspSaState#recent}), else the thread-local one, which the SA then remembers.
     */
    private EspThreadState threadState(EspSaState s) {
        EspThreadState t = s.recent;
        if (t == null || t.owner != Thread.currentThread()) {
            t = threads.get();
            s.recent = t;
        }
        return t;
    }

    /**
     * This thread's binding for the SA, bound again if the SA's configuration or the registry changed; with
     * {@link EspBinding#failure} set when its algorithms cannot be used now.
     */
    private EspBinding binding(SaEntry sa, EspSaState s, EspThreadState t) {
        SecurityAssociation cfg = sa.sa();
        EspBinding b = s.get(t.slot);
        long generation = registry.generation();
        if (b != null && b.config == cfg && b.generation == generation) {
            return b;
        }
        EspBinding fresh = EspBinding.bind(cfg, registry, generation, b, s);
        if (fresh != b) {
            s.put(t.slot, fresh);
        }
        return fresh;
    }

    /**
     * The SA's ESP state, attached on first use. An attachment of another kind (left by a previous revision of this
     * bundle, after a {@code bundle update}) is replaced, and closed so that the keys it holds are zeroed: the SA's
     * sequence number, replay window and counters live in the SAD, so nothing of the SA is lost.
     */
    private static EspSaState stateOf(SaEntry sa) {
        Object a = sa.attachment();
        if (a instanceof EspSaState s) {
            return s;
        }
        EspSaState fresh = new EspSaState();
        if (sa.compareAndSetAttachment(a, fresh)) {
            if (a instanceof AutoCloseable old) {
                try {
                    old.close();
                } catch (Exception ignored) {
                    // the old revision's cleanup is its own affair; its contexts are unreachable now
                }
            }
            return fresh;
        }
        return sa.attachment() instanceof EspSaState s ? s : null;
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
