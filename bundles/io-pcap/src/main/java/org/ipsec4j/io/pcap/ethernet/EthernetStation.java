package org.ipsec4j.io.pcap.ethernet;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.io.pcap.ethernet.NeighbourCache.Entry;
import org.ipsec4j.io.pcap.ethernet.NeighbourCache.State;

/**
 * The Ethernet side of a port that owns its interface, as VPP or DPDK do: the kernel has no address there, so this
 * station answers ARP requests and IPv6 neighbour solicitations for the port's own addresses, resolves next hops with
 * ARP and NS, keeps the {@link NeighbourCache} (reachable, stale, probe, failed; bounded; a small queue of packets per
 * neighbour while it resolves) and frames IP packets. It answers nothing else at layer 2: router discovery, redirects,
 * VLAN tags and multicast IP are ignored.
 *
 * <h2>Threads</h2>
 * {@link #receive} and {@link #tick} are called by the port's one reader thread; {@link #send} by any thread (the
 * engine forwards from every port's reader). The cache, the control-frame scratch and the counters of the control
 * plane are guarded by one lock, held for a hash lookup per sent packet; frames of data are handed to the wire
 * outside it. In steady state nothing is allocated per packet.
 *
 * <p>Times are {@link System#nanoTime()} values passed in, so tests drive the clock.
 */
public final class EthernetStation {
    /** The wire: sends one whole frame, returns false when it could not. */
    @FunctionalInterface
    public interface FrameSender {
        boolean send(byte[] frame, int off, int len);
    }

    /**
     * Neighbour timers, in nanoseconds.
     *
     * @param reachable       how long a confirmation keeps a neighbour reachable (RFC 4861: 30 s)
     * @param retransmit      between solicitations and between probes (1 s)
     * @param maxProbes       solicitations before a resolution fails, and unicast probes before a stale neighbour fails
     * @param staleLifetime   a stale neighbour unused this long is forgotten
     * @param failedLifetime  a failed neighbour is forgotten after this long
     */
    public record Timers(long reachable, long retransmit, int maxProbes, long staleLifetime, long failedLifetime) {
        public static final Timers DEFAULT = new Timers(30_000_000_000L, 1_000_000_000L, 3, 60_000_000_000L,
                20_000_000_000L);
    }

    /**
     * Sizes of the neighbour cache.
     *
     * @param neighbours         entries; when full, the least recently used is forgotten
     * @param queuePerNeighbour  packets waiting for one resolution
     * @param queuePool          packets waiting for all resolutions together
     */
    public record Limits(int neighbours, int queuePerNeighbour, int queuePool) {
        public static final Limits DEFAULT = new Limits(256, 8, 64);
    }

    /**
     * What the station did besides carrying packets.
     *
     * @param malformed          frames dropped as malformed (short, bad lengths, invalid ARP or NDP)
     * @param ignored            frames not for this station (other hosts, other ethertypes, multicast, router discovery)
     * @param arpReplies         ARP requests for our addresses answered
     * @param advertisements     neighbour advertisements sent in answer to solicitations
     * @param solicitations      ARP requests and neighbour solicitations sent to resolve or probe next hops
     * @param failures           resolutions that failed
     * @param queued             packets that waited for a resolution
     * @param conflicts          frames from another station claiming one of our addresses
     * @param neighbours         entries in the cache now
     */
    public record LinkCounters(long malformed, long ignored, long arpReplies, long advertisements, long solicitations,
            long failures, long queued, long conflicts, int neighbours) {
    }

    private final byte[] mac;
    private final byte[][] ipv4;
    private final byte[][] ipv6;
    private final IpPrefix[] ipv4Prefixes;
    private final IpPrefix[] ipv6Prefixes;
    private final int mtu;
    private final FrameSender wire;
    private final Timers timers;
    private final NeighbourCache cache;
    private final Object lock = new Object();
    /** Control frames under construction; guarded by {@link #lock}. */
    private final byte[] control = new byte[128];
    private final byte[] multicast = new byte[16];
    private final byte[] multicastMac = new byte[EthernetFrames.MAC_LENGTH];
    /** The reader thread's: packets released by a resolution and their MAC. */
    private final PacketBuffer[] flushing;
    private final byte[] flushMac = new byte[EthernetFrames.MAC_LENGTH];
    private final ThreadLocal<byte[]> copyFrames = ThreadLocal.withInitial(
            () -> new byte[EthernetFrames.HEADER + PacketBuffers.MAX_PACKET]);

    private volatile long receivedPackets;
    private volatile long receivedBytes;
    private final LongAdder sentPackets = new LongAdder();
    private final LongAdder sentBytes = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    // guarded by lock
    private long malformed, ignored, arpReplies, advertisements, solicitations, failures, queued, conflicts;

    /**
     * @param mac        the port's MAC address (6 bytes, unicast)
     * @param addresses  the port's addresses: answered for, and the sources of solicitations
     * @param mtu        the largest IP packet to send
     */
    public EthernetStation(byte[] mac, List<IpPrefix> addresses, int mtu, FrameSender wire, Timers timers,
            Limits limits) {
        if (mac.length != EthernetFrames.MAC_LENGTH || EthernetFrames.isGroup(mac, 0)) {
            throw new IllegalArgumentException("not a unicast MAC address");
        }
        this.mac = mac.clone();
        this.ipv4Prefixes = addresses.stream().filter(IpPrefix::isIpv4).toArray(IpPrefix[]::new);
        this.ipv6Prefixes = addresses.stream().filter(p -> !p.isIpv4()).toArray(IpPrefix[]::new);
        this.ipv4 = java.util.Arrays.stream(ipv4Prefixes).map(p -> p.address().getAddress()).toArray(byte[][]::new);
        this.ipv6 = java.util.Arrays.stream(ipv6Prefixes).map(p -> p.address().getAddress()).toArray(byte[][]::new);
        this.mtu = mtu;
        this.wire = wire;
        this.timers = timers;
        this.cache = new NeighbourCache(limits.neighbours(), limits.queuePerNeighbour(), limits.queuePool());
        this.flushing = new PacketBuffer[Math.max(1, limits.queuePerNeighbour())];
    }

    public byte[] mac() {
        return mac.clone();
    }

    public int mtu() {
        return mtu;
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Takes one received frame, {@code frame.array()[start..end)}. Returns true when it carries an IP packet for the
     * engine: the buffer's bounds are then set to that packet (Ethernet header and padding removed). ARP and neighbour
     * discovery are handled here; anything else is counted and left.
     */
    public boolean receive(PacketBuffer frame, long now) {
        byte[] b = frame.array();
        int f = frame.start();
        int len = frame.length();
        if (len < EthernetFrames.HEADER) return malformedFrame();
        if (EthernetFrames.sameMac(b, f + 6, mac, 0)) return ignoredFrame();
        int p = f + EthernetFrames.HEADER;
        int plen = len - EthernetFrames.HEADER;
        boolean toUs = EthernetFrames.sameMac(b, f, mac, 0);
        switch (EthernetFrames.ethertype(b, f)) {
            case EthernetFrames.ETHERTYPE_ARP -> {
                arp(b, f, p, plen, toUs, now);
                return false;
            }
            case EthernetFrames.ETHERTYPE_IPV4 -> {
                if (plen < 20 || (b[p] & 0xf0) != 0x40) return malformedFrame();
                int ihl = (b[p] & 0x0f) * 4;
                int total = EthernetFrames.u16(b, p + 2);
                if (ihl < 20 || total < ihl || total > plen) return malformedFrame();
                if (!toUs) return ignoredFrame();
                return deliver(frame, p, total);
            }
            case EthernetFrames.ETHERTYPE_IPV6 -> {
                if (plen < NdpMessages.IPV6_HEADER || (b[p] & 0xf0) != 0x60) return malformedFrame();
                int total = NdpMessages.IPV6_HEADER + EthernetFrames.u16(b, p + 4);
                if (total > plen) return malformedFrame();
                if (NdpMessages.isNeighbourDiscovery(b, p, total)) {
                    ndp(b, f, p, total, now);
                    return false;
                }
                if (!toUs) return ignoredFrame();
                return deliver(frame, p, total);
            }
            default -> {
                return ignoredFrame();
            }
        }
    }

    private boolean deliver(PacketBuffer frame, int ip, int len) {
        frame.bounds(ip, ip + len);
        receivedPackets = receivedPackets + 1;
        receivedBytes = receivedBytes + len;
        return true;
    }

    private boolean malformedFrame() {
        dropped.increment();
        synchronized (lock) {
            malformed++;
        }
        return false;
    }

    private boolean ignoredFrame() {
        synchronized (lock) {
            ignored++;
        }
        return false;
    }

    private void arp(byte[] b, int f, int a, int alen, boolean toUs, long now) {
        if (!ArpMessages.valid(b, a, alen)) {
            malformedFrame();
            return;
        }
        int op = ArpMessages.operation(b, a);
        int sha = a + ArpMessages.SENDER_MAC;
        int spa = a + ArpMessages.SENDER_IP;
        int tpa = a + ArpMessages.TARGET_IP;
        boolean targetOurs = indexOf(ipv4, b, tpa, 4) >= 0;
        boolean senderUnspecified = EthernetFrames.isZero(b, spa, 4);
        int flush = 0;
        synchronized (lock) {
            if (indexOf(ipv4, b, spa, 4) >= 0) {
                conflicts++;
                return;
            }
            Entry e = senderUnspecified ? null : cache.lookup(b, spa, 4);
            if (op == ArpMessages.REQUEST && targetOurs) {
                if (!senderUnspecified) {
                    if (e == null) {
                        e = cache.create(b, spa, 4, State.STALE, now);
                        System.arraycopy(b, sha, e.mac, 0, EthernetFrames.MAC_LENGTH);
                    } else {
                        learn(e, b, sha, false, now);
                    }
                }
                int n = ArpMessages.write(control, ArpMessages.REPLY, mac, b, tpa, b, sha, b, sha, b, spa);
                arpReplies++;
                wire.send(control, 0, n);
            } else if (e != null) {
                learn(e, b, sha, op == ArpMessages.REPLY && targetOurs && toUs, now);
            } else if (!targetOurs) {
                ignored++;
            }
            if (e != null) flush = drainResolved(e);
        }
        flush(flush);
    }

    private void ndp(byte[] b, int f, int ip, int len, long now) {
        int type = b[ip + NdpMessages.IPV6_HEADER] & 0xff;
        if (type != NdpMessages.NEIGHBOUR_SOLICITATION && type != NdpMessages.NEIGHBOUR_ADVERTISEMENT) {
            ignoredFrame();
            return;
        }
        if (!NdpMessages.valid(b, ip, len)) {
            malformedFrame();
            return;
        }
        int target = ip + NdpMessages.TARGET;
        int src = ip + NdpMessages.SOURCE;
        int dst = ip + NdpMessages.DESTINATION;
        boolean targetOurs = indexOf(ipv6, b, target, 16) >= 0;
        int flush = 0;
        synchronized (lock) {
            if (type == NdpMessages.NEIGHBOUR_SOLICITATION) {
                if (!targetOurs) {
                    ignored++;
                    return;
                }
                int slla = NdpMessages.linkAddressOption(b, ip, len, NdpMessages.OPTION_SOURCE_LINK_ADDRESS);
                if (EthernetFrames.isZero(b, src, 16)) {
                    // Duplicate address detection of one of our addresses: defend it to all nodes.
                    if (slla >= 0 || (b[dst] & 0xff) != 0xff) {
                        malformed++;
                        dropped.increment();
                        return;
                    }
                    int n = NdpMessages.write(control, NdpMessages.NEIGHBOUR_ADVERTISEMENT, NdpMessages.FLAG_OVERRIDE,
                            mac, NdpMessages.ALL_NODES_MAC, 0, b, target, NdpMessages.ALL_NODES, 0, b, target);
                    advertisements++;
                    wire.send(control, 0, n);
                    return;
                }
                Entry e = null;
                if (slla >= 0 && !EthernetFrames.isGroup(b, slla)) {
                    e = cache.lookup(b, src, 16);
                    if (e == null) {
                        e = cache.create(b, src, 16, State.STALE, now);
                        System.arraycopy(b, slla, e.mac, 0, EthernetFrames.MAC_LENGTH);
                    } else {
                        learn(e, b, slla, false, now);
                    }
                }
                int replyMac = slla >= 0 ? slla : f + 6;
                int n = NdpMessages.write(control, NdpMessages.NEIGHBOUR_ADVERTISEMENT,
                        NdpMessages.FLAG_SOLICITED | NdpMessages.FLAG_OVERRIDE, mac, b, replyMac, b, target, b, src, b,
                        target);
                advertisements++;
                wire.send(control, 0, n);
                if (e != null) flush = drainResolved(e);
            } else {
                if (targetOurs) {
                    conflicts++;
                    return;
                }
                int flags = b[ip + NdpMessages.FLAGS] & 0xff;
                boolean solicited = (flags & NdpMessages.FLAG_SOLICITED) != 0;
                boolean override = (flags & NdpMessages.FLAG_OVERRIDE) != 0;
                if (solicited && (b[dst] & 0xff) == 0xff) {
                    malformed++;
                    dropped.increment();
                    return;
                }
                int tlla = NdpMessages.linkAddressOption(b, ip, len, NdpMessages.OPTION_TARGET_LINK_ADDRESS);
                if (tlla >= 0 && EthernetFrames.isGroup(b, tlla)) tlla = -1;
                Entry e = cache.lookup(b, target, 16);
                if (e == null) {
                    ignored++;
                    return;
                }
                advertised(e, b, tlla, solicited, override, now);
                flush = drainResolved(e);
            }
        }
        flush(flush);
    }

    /** RFC 4861 section 7.2.5: an advertisement for a neighbour we have an entry of. */
    private void advertised(Entry e, byte[] b, int tlla, boolean solicited, boolean override, long now) {
        if (e.state == State.INCOMPLETE || e.state == State.FAILED) {
            if (tlla < 0) return;
            System.arraycopy(b, tlla, e.mac, 0, EthernetFrames.MAC_LENGTH);
            enter(e, solicited ? State.REACHABLE : State.STALE, now);
            return;
        }
        boolean changed = tlla >= 0 && !EthernetFrames.sameMac(e.mac, 0, b, tlla);
        if (!override && changed) {
            if (e.state == State.REACHABLE) enter(e, State.STALE, now);
            return;
        }
        if (changed) System.arraycopy(b, tlla, e.mac, 0, EthernetFrames.MAC_LENGTH);
        if (solicited) {
            enter(e, State.REACHABLE, now);
        } else if (changed) {
            enter(e, State.STALE, now);
        }
    }

    /** A link-layer address heard from a neighbour: a confirmation (reply to us) or news (requests, announcements). */
    private void learn(Entry e, byte[] b, int macOff, boolean confirmed, long now) {
        boolean changed = !EthernetFrames.sameMac(e.mac, 0, b, macOff);
        if (e.state == State.INCOMPLETE || e.state == State.FAILED || confirmed || changed) {
            System.arraycopy(b, macOff, e.mac, 0, EthernetFrames.MAC_LENGTH);
            enter(e, confirmed ? State.REACHABLE : State.STALE, now);
        }
    }

    private static void enter(Entry e, State s, long now) {
        e.state = s;
        e.changedAt = now;
        e.probes = 0;
    }

    /** Under the lock: moves a resolved neighbour's waiting packets to {@link #flushing}. */
    private int drainResolved(Entry e) {
        if (e.queued == 0 || e.state == State.INCOMPLETE || e.state == State.FAILED) return 0;
        System.arraycopy(e.mac, 0, flushMac, 0, EthernetFrames.MAC_LENGTH);
        return cache.drain(e, flushing);
    }

    /** Outside the lock: sends the packets {@link #drainResolved} released, then returns their buffers. */
    private void flush(int n) {
        if (n == 0) return;
        for (int i = 0; i < n; i++) {
            transmit(flushing[i], flushMac, 0);
        }
        synchronized (lock) {
            for (int i = 0; i < n; i++) {
                cache.release(flushing[i]);
                flushing[i] = null;
            }
        }
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends the IP packet in {@code pkt} to the neighbour {@code nextHop[off..]} (4 or 16 bytes by the packet's
     * version). Unresolved neighbours are solicited and the packet waits (copied) for the answer. Returns false when
     * the packet was dropped: too big for the MTU, not IP, no address of its family to solicit from, queue full.
     */
    public boolean send(PacketBuffer pkt, byte[] nextHop, int off, long now) {
        int len = pkt.length();
        if (len <= 0 || len > mtu) return drop();
        int version = (pkt.array()[pkt.start()] & 0xf0) >>> 4;
        int alen = version == 4 ? 4 : version == 6 ? 16 : 0;
        if (alen == 0 || off < 0 || off + alen > nextHop.length) return drop();
        byte[] frame;
        int at;
        if (pkt.headroom() >= EthernetFrames.HEADER) {
            frame = pkt.array();
            at = pkt.start() - EthernetFrames.HEADER;
        } else {
            frame = copyFrames.get();
            at = 0;
            System.arraycopy(pkt.array(), pkt.start(), frame, EthernetFrames.HEADER, len);
        }
        synchronized (lock) {
            Entry e = cache.lookup(nextHop, off, alen);
            if (e == null) {
                if ((alen == 4 ? ipv4 : ipv6).length == 0) return drop();
                e = cache.create(nextHop, off, alen, State.INCOMPLETE, now);
                return waitFor(e, pkt, now, true);
            }
            switch (e.state) {
                case INCOMPLETE -> {
                    return waitFor(e, pkt, now, false);
                }
                case FAILED -> {
                    enter(e, State.INCOMPLETE, now);
                    return waitFor(e, pkt, now, true);
                }
                case REACHABLE -> {
                    if (now - e.changedAt > timers.reachable()) {
                        enter(e, State.PROBE, now);
                        solicit(e, now, true);
                    }
                }
                case STALE -> {
                    enter(e, State.PROBE, now);
                    solicit(e, now, true);
                }
                case PROBE -> {
                }
            }
            e.usedAt = now;
            EthernetFrames.writeHeader(frame, at, e.mac, 0, mac,
                    alen == 4 ? EthernetFrames.ETHERTYPE_IPV4 : EthernetFrames.ETHERTYPE_IPV6);
        }
        return wireSend(frame, at, len);
    }

    private boolean waitFor(Entry e, PacketBuffer pkt, long now, boolean solicitNow) {
        boolean ok = cache.enqueue(e, pkt);
        if (ok) queued++;
        if (solicitNow) solicit(e, now, false);
        e.usedAt = now;
        return ok || drop();
    }

    /** Frames and sends a packet to {@code dstMac} (used for the packets a resolution released). */
    private void transmit(PacketBuffer pkt, byte[] dstMac, int dstOff) {
        int version = (pkt.array()[pkt.start()] & 0xf0) >>> 4;
        int at = pkt.start() - EthernetFrames.HEADER;
        EthernetFrames.writeHeader(pkt.array(), at, dstMac, dstOff, mac,
                version == 4 ? EthernetFrames.ETHERTYPE_IPV4 : EthernetFrames.ETHERTYPE_IPV6);
        wireSend(pkt.array(), at, pkt.length());
    }

    private boolean wireSend(byte[] frame, int at, int ipLen) {
        if (!wire.send(frame, at, ipLen + EthernetFrames.HEADER)) return drop();
        sentPackets.increment();
        sentBytes.add(ipLen);
        return true;
    }

    private boolean drop() {
        dropped.increment();
        return false;
    }

    /** Under the lock: an ARP request or NS for {@code e}, broadcast/multicast or (probing) unicast. */
    private void solicit(Entry e, long now, boolean unicast) {
        int n;
        if (!e.isIpv6()) {
            byte[] src = source(ipv4, ipv4Prefixes, e.address, 4);
            if (src == null) return;
            n = ArpMessages.write(control, ArpMessages.REQUEST, mac, src, 0,
                    unicast ? e.mac : EthernetFrames.BROADCAST, 0, null, 0, e.address, 0);
        } else {
            byte[] src = source(ipv6, ipv6Prefixes, e.address, 16);
            if (src == null) return;
            if (unicast) {
                n = NdpMessages.write(control, NdpMessages.NEIGHBOUR_SOLICITATION, 0, mac, e.mac, 0, src, 0,
                        e.address, 0, e.address, 0);
            } else {
                NdpMessages.solicitedNode(e.address, 0, multicast);
                NdpMessages.multicastMac(multicast, 0, multicastMac);
                n = NdpMessages.write(control, NdpMessages.NEIGHBOUR_SOLICITATION, 0, mac, multicastMac, 0, src, 0,
                        multicast, 0, e.address, 0);
            }
        }
        e.probedAt = now;
        e.probes++;
        solicitations++;
        wire.send(control, 0, n);
    }

    /** Our address to solicit {@code target} from: one on its prefix, else the first of its family. */
    private static byte[] source(byte[][] ours, IpPrefix[] prefixes, byte[] target, int len) {
        for (int i = 0; i < prefixes.length; i++) {
            if (prefixes[i].contains(target, 0, len)) return ours[i];
        }
        return ours.length > 0 ? ours[0] : null;
    }

    private static int indexOf(byte[][] ours, byte[] b, int off, int len) {
        for (int i = 0; i < ours.length; i++) {
            if (java.util.Arrays.equals(ours[i], 0, len, b, off, off + len)) return i;
        }
        return -1;
    }

    // ---------------------------------------------------------------- time

    /**
     * Announces our addresses: a gratuitous ARP request for each IPv4 address and an unsolicited neighbour
     * advertisement (override) to all nodes for each IPv6 address, so that neighbours update what they cached.
     */
    public void announce() {
        synchronized (lock) {
            for (byte[] a : ipv4) {
                int n = ArpMessages.write(control, ArpMessages.REQUEST, mac, a, 0, EthernetFrames.BROADCAST, 0, null, 0,
                        a, 0);
                wire.send(control, 0, n);
            }
            for (byte[] a : ipv6) {
                int n = NdpMessages.write(control, NdpMessages.NEIGHBOUR_ADVERTISEMENT, NdpMessages.FLAG_OVERRIDE, mac,
                        NdpMessages.ALL_NODES_MAC, 0, a, 0, NdpMessages.ALL_NODES, 0, a, 0);
                wire.send(control, 0, n);
            }
        }
    }

    /**
     * Runs the neighbour timers: solicitations again, failed resolutions (their waiting packets dropped), reachable
     * neighbours turning stale, forgotten stale and failed ones. Called by the reader thread a few times a second.
     */
    public void tick(long now) {
        synchronized (lock) {
            for (int i = 0; i < cache.capacity(); i++) {
                Entry e = cache.slot(i);
                if (!e.inUse) continue;
                switch (e.state) {
                    case INCOMPLETE, PROBE -> {
                        if (now - e.probedAt < timers.retransmit()) continue;
                        if (e.probes >= timers.maxProbes()) {
                            failures++;
                            long n = cache.dropQueue(e);
                            dropped.add(n);
                            enter(e, State.FAILED, now);
                        } else {
                            solicit(e, now, e.state == State.PROBE);
                        }
                    }
                    case REACHABLE -> {
                        if (now - e.changedAt > timers.reachable()) enter(e, State.STALE, now);
                    }
                    case STALE -> {
                        long last = e.usedAt - e.changedAt > 0 ? e.usedAt : e.changedAt;
                        if (now - last > timers.staleLifetime()) cache.remove(e);
                    }
                    case FAILED -> {
                        if (now - e.changedAt > timers.failedLifetime()) cache.remove(e);
                    }
                }
            }
            if (cache.evictionDrops > 0) {
                dropped.add(cache.evictionDrops);
                cache.evictionDrops = 0;
            }
        }
    }

    // ---------------------------------------------------------------- inspection

    public long receivedPackets() {
        return receivedPackets;
    }

    public long receivedBytes() {
        return receivedBytes;
    }

    public long sentPackets() {
        return sentPackets.sum();
    }

    public long sentBytes() {
        return sentBytes.sum();
    }

    /** Packets and frames dropped: malformed frames, send failures, waiting packets of failed resolutions. */
    public long dropped() {
        return dropped.sum();
    }

    public LinkCounters linkCounters() {
        synchronized (lock) {
            return new LinkCounters(malformed, ignored, arpReplies, advertisements, solicitations, failures, queued,
                    conflicts, cache.size());
        }
    }

    /** The cached MAC of {@code address} and its state as {@code "aa:bb:..:ff REACHABLE"}, or null. For tests and shells. */
    public String neighbour(java.net.InetAddress address) {
        byte[] a = address.getAddress();
        synchronized (lock) {
            Entry e = cache.lookup(a, 0, a.length);
            if (e == null) return null;
            return (e.state == State.INCOMPLETE ? "incomplete" : EthernetFrames.formatMac(e.mac, 0)) + " " + e.state;
        }
    }
}
