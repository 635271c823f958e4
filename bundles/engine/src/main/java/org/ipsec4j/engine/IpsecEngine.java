package org.ipsec4j.engine;

import java.util.Objects;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.SecurityPolicyDatabase;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.api.transform.Verdict;

/**
 * The IPsec processing of one packet, in place on a {@link PacketBuffer}: plain Java, usable without OSGi.
 *
 * <h2>Data path</h2>
 * <ul>
 * <li>{@link #output(PacketBuffer)}: a packet leaving this gateway, sent by it or forwarded through it. The IP header
 * gives the selector fields, the {@code out} policy decides (no match: {@code net.inet.ipsec.def_policy}):
 * {@code discard} drops, {@code none}/{@code bypass} pass in plaintext, {@code ipsec} picks an SA per rule by its level
 * and applies the transforms innermost first (see {@link OutboundPath}). Forwarded packets take the {@code out}
 * policies too, as in KAME and Linux; {@code fwd} policies are checked on the way in.</li>
 * <li>{@link #input(PacketBuffer)}: a packet arriving. ESP, AH and IPComp for one of our {@link LocalAddresses} are
 * verified and removed, nested SAs one after the other, then the result must satisfy its {@code in} (or {@code fwd})
 * policy (see {@link InboundPath}).</li>
 * </ul>
 * Both return {@link Verdict#OK} with the packet to send on or deliver, or the drop reason; both count the outcome in
 * the global counters ({@link #statistics()}), and never throw for a bad packet. The engine does not know the insides
 * of ESP, AH or IPComp: each is an {@code IpsecTransform} in the {@link TransformTable}.
 *
 * <h2>Threads and memory</h2>
 * Any number of threads may call in at once. Each thread has its own {@link Scratch} (flow key, header view, SA
 * arrays), created on its first packet; in steady state a packet allocates nothing. The SAD, SPD, transform table,
 * local addresses and settings are read lock-free; per-SA state (sequence numbers, replay windows, counters) is the
 * SAD's and the transforms' concern.
 */
public final class IpsecEngine {
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private final EngineCounters counters = new EngineCounters();
    private final LocalAddresses locals;
    private final EngineSettings settings;
    private final TransformTable transforms;
    private final OutboundPath outbound;
    private final InboundPath inbound;

    /**
     * @param sad         the SAD; it also raises the acquires of {@code require} rules without an SA
     * @param spd         the SPD
     * @param transforms  the transforms by protocol; may change while packets flow
     * @param locals      our addresses; may change while packets flow
     * @param settings    the system-wide settings; may change while packets flow
     */
    public IpsecEngine(SecurityAssociationDatabase sad, SecurityPolicyDatabase spd, TransformTable transforms,
            LocalAddresses locals, EngineSettings settings) {
        Objects.requireNonNull(sad, "sad");
        Objects.requireNonNull(spd, "spd");
        this.transforms = Objects.requireNonNull(transforms, "transforms");
        this.locals = Objects.requireNonNull(locals, "locals");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.outbound = new OutboundPath(sad, spd, transforms, settings, counters);
        this.inbound = new InboundPath(sad, spd, transforms, locals, settings, counters);
    }

    /** Outbound processing of the IP packet in {@code pkt}; on {@link Verdict#OK} it holds what goes on the wire. */
    public Verdict output(PacketBuffer pkt) {
        return outbound.process(pkt, scratch.get(), null);
    }

    /**
     * Outbound processing under a per-socket policy instead of the SPD (KAME's {@code ping -P "out ..."}): its action
     * and rules apply as if it had matched; null means the SPD as in {@link #output(PacketBuffer)}.
     */
    public Verdict output(PacketBuffer pkt, SecurityPolicy socketPolicy) {
        return outbound.process(pkt, scratch.get(), socketPolicy);
    }

    /**
     * Inbound processing of the IP packet in {@code pkt}; on {@link Verdict#OK} it holds the packet to deliver locally
     * (its destination is one of {@link #localAddresses()}) or to forward.
     */
    public Verdict input(PacketBuffer pkt) {
        return inbound.process(pkt, scratch.get(), null);
    }

    /**
     * Inbound processing where {@code sockets} may replace the SPD's {@code in} policy for packets to our addresses
     * (null: the SPD only, as in {@link #input(PacketBuffer)}).
     */
    public Verdict input(PacketBuffer pkt, LocalPolicies sockets) {
        return inbound.process(pkt, scratch.get(), sockets);
    }

    /**
     * Whether a packet arrives here rather than leaves: its destination is one of our addresses. The question an
     * offline tool asks of each captured packet; false for a packet that is not IP.
     */
    public boolean isForLocalAddress(PacketBuffer pkt) {
        IpPacket ip = scratch.get().ip;
        int start = pkt.start();
        int end = pkt.end();
        boolean local = ip.parse(pkt) == Verdict.OK && locals.contains(ip.buffer(), ip.destinationOffset(), ip.addressLength());
        pkt.bounds(start, end);
        return local;
    }

    /** A snapshot of the global counters. */
    public EngineStatistics statistics() {
        return counters.snapshot();
    }

    public LocalAddresses localAddresses() {
        return locals;
    }

    public EngineSettings settings() {
        return settings;
    }

    public TransformTable transforms() {
        return transforms;
    }
}
