package org.ipsec4j.ipcomp;

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
 * The IPComp transform (RFC 3173): transport and tunnel mode, IPv4 and IPv6, with the compression algorithm the
 * {@link AlgorithmRegistry} offers under the SA's {@code -C} name: {@code deflate} (RFC 2394), which the
 * {@code cipher-jce} bundle provides on the JDK's zlib (raw deflate, each packet on its own). The paths are
 * {@link IpcompOutput} and {@link IpcompInput}; this class keeps the boundary: every packet ends in one
 * {@link Verdict}, a drop is counted on the SA, no exception leaves {@link #output} or {@link #input}.
 *
 * <h2>What goes on the wire</h2>
 * A payload is compressed only when it is at least {@link IpcompOptions#minimumPayload()} bytes (90, as KAME) and the
 * IPComp header with the compressed bytes is shorter than the payload; otherwise the packet is sent as it was, without
 * an IPComp header (RFC 3173 section 2.2), and still counts as output of the SA. In tunnel mode an uncompressed packet
 * goes as IP in IP under the tunnel's outer header, as KAME and Linux send it. The CPI on the wire is the SA's SPI
 * (16 bits): what Linux always sends, and KAME with {@code -R}. KAME without {@code -R} sends the algorithm's
 * well-known CPI (2 for deflate) instead and keeps the SPI for itself; on input both are accepted for the SA the
 * packet was delivered to. (Getting a packet with a well-known CPI to its SA is the SAD lookup's business: see the
 * engine.)
 *
 * <h2>Threading and memory</h2>
 * Any number of threads may call at once. Each thread has an {@link IpcompThreadState}: header views, a scratch array
 * of the largest IP packet, and one compression context (zlib's deflate and inflate streams, reset per packet), bound
 * again only when the SA configuration or the registry's generation changes. Nothing is allocated per packet in steady
 * state, and nothing locks. Closing of contexts: when the registry replaces the provider; a thread's last context is
 * freed with the thread (zlib's cleaner).
 *
 * <p>Counters: {@link SaEntry#recordOutput(int)} is charged with the IP packet as handed to {@link #output},
 * compressed or not; {@link SaEntry#recordInput(int)} with the IP packet as handed back by {@link #input}.
 */
@Component(service = IpsecTransform.class, configurationPid = IpcompTransform.PID,
        property = IpsecTransform.PROTOCOL + "=ipcomp")
@Designate(ocd = IpcompTransform.Config.class)
public final class IpcompTransform implements IpsecTransform {
    /** The configuration PID of the component. */
    public static final String PID = "org.ipsec4j.ipcomp";

    /** The IPComp component's configuration. */
    @ObjectClassDefinition(id = PID, name = "ipsec4j IPComp", description = "The IPComp transform (RFC 3173).")
    public @interface Config {
        @AttributeDefinition(name = "Compression threshold", description = "Payloads shorter than this many bytes "
                + "are sent uncompressed")
        int minimumPayload() default 90;

        @AttributeDefinition(name = "Decompression limit", description = "The most bytes one payload may decompress "
                + "to; more is dropped as a decompression bomb")
        int maxDecompressed() default 65535;

        @AttributeDefinition(name = "Tunnel TTL", description = "TTL of the outer IPv4 header in tunnel mode")
        int ttl() default 64;

        @AttributeDefinition(name = "Tunnel hop limit", description = "Hop limit of the outer IPv6 header in tunnel mode")
        int hopLimit() default 64;
    }

    private final AlgorithmRegistry registry;
    private final IpcompOutput output = new IpcompOutput(ThreadLocalRandom.current().nextInt());
    private final IpcompInput input = new IpcompInput();
    private final ThreadLocal<IpcompThreadState> threads = ThreadLocal.withInitial(IpcompThreadState::new);
    private volatile IpcompOptions options;

    /** The DS constructor. */
    @Activate
    public IpcompTransform(@Reference AlgorithmRegistry registry, Config config) {
        this(registry, options(config));
    }

    /** A transform outside OSGi. */
    public IpcompTransform(AlgorithmRegistry registry, IpcompOptions options) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A new configuration, applied to the next packet. */
    @Modified
    void modified(Config config) {
        setOptions(options(config));
    }

    private static IpcompOptions options(Config config) {
        return new IpcompOptions(config.minimumPayload(), config.maxDecompressed(), config.ttl(), config.hopLimit());
    }

    public IpcompOptions options() {
        return options;
    }

    /** Replaces the options; the next packet uses them. */
    public void setOptions(IpcompOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public SaProtocol protocol() {
        return SaProtocol.IPCOMP;
    }

    @Override
    public Verdict output(PacketBuffer pkt, SaEntry sa) {
        return output(pkt, sa, IpsecMode.ANY);
    }

    /**
     * {@inheritDoc} IPComp has modes like ESP: an SA of mode {@code any} takes the rule's mode, an SA of a definite
     * mode refuses a rule of the other with {@link Verdict#BAD_STATE}.
     */
    @Override
    public Verdict output(PacketBuffer pkt, SaEntry sa, IpsecMode mode) {
        Verdict v;
        int plainLen = pkt.length();
        try {
            v = protect(pkt, sa, mode);
        } catch (RuntimeException e) {
            v = verdictFor(e, sa);
        }
        if (v == Verdict.OK) {
            sa.recordOutput(plainLen);
        } else {
            sa.recordDrop(v);
        }
        return v;
    }

    @Override
    public Verdict input(PacketBuffer pkt, SaEntry sa) {
        Verdict v;
        try {
            IpcompThreadState t = threads.get();
            v = usable(sa, t);
            if (v == Verdict.OK) {
                v = input.input(pkt, sa.sa(), t.context, t.wellKnownCpi, t, options);
            }
        } catch (RuntimeException e) {
            v = verdictFor(e, sa);
        }
        if (v == Verdict.OK) {
            sa.recordInput(pkt.length());
        } else {
            sa.recordDrop(v);
        }
        return v;
    }

    private Verdict protect(PacketBuffer pkt, SaEntry sa, IpsecMode mode) {
        IpcompThreadState t = threads.get();
        Verdict v = usable(sa, t);
        if (v != Verdict.OK) {
            return v;
        }
        SecurityAssociation cfg = sa.sa();
        IpsecMode saMode = cfg.mode();
        boolean tunnel;
        if (saMode == IpsecMode.ANY) {
            tunnel = mode == IpsecMode.TUNNEL;
        } else if (mode == IpsecMode.ANY || mode == saMode) {
            tunnel = saMode == IpsecMode.TUNNEL;
        } else {
            return Verdict.BAD_STATE;
        }
        IpcompOptions o = options;
        int cpi = cfg.spi() & 0xffff;
        if (tunnel) {
            return output.tunnel(pkt, t.context, cpi, t.source, t.destination, t, o);
        }
        if (pkt.length() < 1) {
            return Verdict.TRUNCATED;
        }
        int version = (pkt.array()[pkt.start()] & 0xff) >>> 4;
        return version == 4 ? output.transport4(pkt, t.context, cpi, t, o)
                : version == 6 ? output.transport6(pkt, t.context, cpi, t, o) : Verdict.BAD_HEADER;
    }

    /** {@link Verdict#OK} when {@code sa} can be served now, with the thread's context bound for it. */
    private Verdict usable(SaEntry sa, IpcompThreadState t) {
        SaState state = sa.state();
        SecurityAssociation cfg = sa.sa();
        if (state == SaState.DEAD || state == SaState.LARVAL || cfg.protocol() != SaProtocol.IPCOMP) {
            return Verdict.BAD_STATE;
        }
        t.bind(cfg, registry);
        return t.failure != null ? t.failure : Verdict.OK;
    }

    /** The verdict for an exception, which only a bug or a race with the SA's death can cause. */
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
