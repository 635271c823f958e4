package org.ipsec4j.engine.forward;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.io.PacketReceiver;
import org.ipsec4j.api.io.PortCounters;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.engine.EngineSettings;
import org.ipsec4j.engine.IpsecEngine;
import org.ipsec4j.engine.LocalAddresses;
import org.ipsec4j.engine.Mib;
import org.ipsec4j.engine.admin.EchoRequest;
import org.ipsec4j.engine.admin.EchoResult;
import org.ipsec4j.engine.admin.PortInfo;
import org.ipsec4j.engine.admin.StatSection;
import org.ipsec4j.engine.route.Route;
import org.ipsec4j.engine.route.RoutingTable;

/**
 * The gateway's data plane: the {@link PacketReceiver} of every attached {@link PacketPort}, running the
 * {@link IpsecEngine} and IP forwarding between the ports. Plain Java; the DS component only wires it.
 *
 * <h2>Threads</h2>
 * Run to completion: each packet is processed on the receive thread of the port it arrived on, in the port's own
 * buffer, and sent out on another port (whose {@code send} copies it) before {@link #receive} returns. No queue, no
 * copy, no hand-off; in steady state nothing is allocated (per-thread {@link ForwardScratch}). Ports, routes,
 * settings, SAD and SPD are read lock-free from snapshots; only fragments take the {@link Reassembler}'s lock.
 *
 * <h2>A packet from a network port</h2>
 * <ol>
 * <li>IP header checked (checksum, lengths); a fragment for one of our addresses is reassembled first;</li>
 * <li>{@link IpsecEngine#input}: ESP/AH/IPComp for us removed, then the {@code in} (or {@code fwd}) policy check;</li>
 * <li>for one of our addresses: to the {@code host}-role port if there is one (end-host mode), else answered here
 * (ICMP and ICMPv6 echo, replies and errors for {@code ipsec:ping});</li>
 * <li>else forwarded if {@code net.inet.ip.forwarding} / {@code net.inet6.ip6.forwarding} is on: TTL or hop limit
 * decremented (time exceeded at 1), route looked up (unreachable without one), then as sent by us.</li>
 * </ol>
 * A packet from the {@code host} port, and one the gateway sends itself, starts at the last step without the TTL:
 * {@link IpsecEngine#output} (the {@code out} policy), then the route to its (possibly new, tunnel) destination, then
 * the port's MTU: an IPv4 packet whose original had DF clear is fragmented (the outer packet of a tunnel, unless
 * {@code dfbit} set DF on it), otherwise the sender gets ICMP "fragmentation needed" or ICMPv6 "packet too big" with
 * the MTU left after the IPsec overhead (path MTU discovery through the gateway).
 */
public final class Gateway implements PacketReceiver, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());
    /**
     * How much more IPsec overhead a shorter packet may take than a longer one: padding to the largest cipher block
     * (16 bytes) may grow by up to 15 bytes. The MTU reported after IPsec subtracts it, so that what the sender sends
     * next fits whatever its length (as KAME's {@code ipsec_hdrsiz} counts the largest padding).
     */
    static final int MAX_PAD_GROWTH = 15;

    private final IpsecEngine engine;
    private final RoutingTable routes;
    private final EngineSettings settings;
    private final LocalAddresses locals;
    private final PortTable ports = new PortTable();
    private final ForwardingCounters counters = new ForwardingCounters();
    private final Reassembler reassembler = new Reassembler();
    private final IcmpRateLimit icmpLimit = new IcmpRateLimit();
    private final EchoClient echo = new EchoClient();
    private final AtomicInteger ipId = new AtomicInteger((int) System.nanoTime());
    private final LongSupplier clock;
    private final ThreadLocal<ForwardScratch> scratch = ThreadLocal.withInitial(ForwardScratch::new);
    /** Addresses this gateway put into {@link #locals}, so it removes only those. */
    private final Set<InetAddress> ownAddresses = new HashSet<>();
    private final long[] reportedTimeouts = new long[2];

    /** A gateway over {@code engine} (whose local addresses it keeps in step with the ports) and {@code routes}. */
    public Gateway(IpsecEngine engine, RoutingTable routes) {
        this(engine, routes, System::nanoTime);
    }

    /** With a clock for reassembly timeouts and ICMP rate limits (tests). */
    public Gateway(IpsecEngine engine, RoutingTable routes, LongSupplier nanoClock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.routes = Objects.requireNonNull(routes, "routes");
        this.settings = engine.settings();
        this.locals = engine.localAddresses();
        this.clock = nanoClock;
    }

    // ---- ports ----------------------------------------------------------------------------------------------------

    /**
     * Attaches {@code port} under {@code name} in {@code role} ({@link PacketPort#ROLE_NETWORK} or
     * {@link PacketPort#ROLE_HOST}): its addresses become ours and its prefixes connected routes, then it is started
     * with this gateway as its receiver. Attaching an attached port again takes its addresses anew.
     */
    public void attach(PacketPort port, String name, String role) {
        boolean host = PacketPort.ROLE_HOST.equals(role);
        PortEntry entry = new PortEntry(port, name, host, port.addresses());
        PortEntry old = ports.put(entry);
        syncAddresses();
        if (old != null && !old.name.equals(name)) routes.removeConnected(old.name);
        routes.setConnected(name, entry.addresses);
        if (old != null && old.running) {
            entry.running = true;
            return;
        }
        port.start(this);
        entry.running = true;
    }

    /** Stops {@code port} and removes it, its addresses and its connected routes. */
    public void detach(PacketPort port) {
        PortEntry e = ports.find(port);
        if (e == null) return;
        e.running = false;
        try {
            port.stop();
        } finally {
            ports.remove(port);
            routes.removeConnected(e.name);
            syncAddresses();
        }
    }

    /** Detaches every port. */
    @Override
    public void close() {
        for (PortEntry e : ports.all()) detach(e.port);
    }

    private synchronized void syncAddresses() {
        Set<InetAddress> now = new HashSet<>();
        for (PortEntry e : ports.all()) {
            for (IpPrefix p : e.addresses) now.add(p.address());
        }
        for (InetAddress a : ownAddresses) {
            if (!now.contains(a)) locals.remove(a);
        }
        for (InetAddress a : now) {
            if (!ownAddresses.contains(a)) locals.add(a);
        }
        ownAddresses.clear();
        ownAddresses.addAll(now);
    }

    // ---- the data path --------------------------------------------------------------------------------------------

    @Override
    public void receive(PacketPort port, PacketBuffer pkt) {
        PortEntry in = ports.find(port);
        if (in == null) return;
        ForwardScratch s = scratch.get();
        try {
            if (in.host) {
                fromHost(in, pkt, s);
            } else {
                fromNetwork(in, pkt, s);
            }
        } catch (RuntimeException e) {
            counters.count(s.ip.version, IpCounter.INTERNAL_ERROR);
            LOG.log(Level.FINE, "packet from " + in.name + " dropped", e);
        }
    }

    private void fromNetwork(PortEntry in, PacketBuffer pkt, ForwardScratch s) {
        IpView ip = s.ip;
        if (ip.parse(pkt) != Verdict.OK) {
            counters.count(ip.version == 6 ? 6 : 4, IpCounter.BAD_HEADER);
            return;
        }
        counters.count(ip.version, IpCounter.RECEIVED);
        if (ip.fragment && isLocal(ip)) {
            pkt = reassemble(pkt, s);
            if (pkt == null) return;
        }
        if (engine.input(pkt, echo) != Verdict.OK) return; // counted by the engine
        if (ip.parse(pkt) != Verdict.OK) {
            counters.count(ip.version == 6 ? 6 : 4, IpCounter.BAD_HEADER);
            return;
        }
        if (isLocal(ip)) {
            deliverLocal(pkt, s);
        } else {
            forward(in, pkt, s);
        }
    }

    private void fromHost(PortEntry in, PacketBuffer pkt, ForwardScratch s) {
        IpView ip = s.ip;
        if (ip.parse(pkt) != Verdict.OK) {
            counters.count(ip.version == 6 ? 6 : 4, IpCounter.BAD_HEADER);
            return;
        }
        counters.count(ip.version, IpCounter.RECEIVED);
        if (isLocal(ip)) {
            deliverLocal(pkt, s);
            return;
        }
        Route r = routes.lookup(ip.buf, ip.destinationOffset(), ip.addressLength());
        if (r == null) {
            counters.count(ip.version, IpCounter.NO_ROUTE);
            icmpError(in, s, ip.buf, ip.start, ip.length(), ip.version == 4 ? Icmp.UNREACH : Icmp.V6_UNREACH,
                    ip.version == 4 ? Icmp.UNREACH_HOST : Icmp.V6_UNREACH_NOROUTE, 0);
            return;
        }
        counters.count(ip.version, IpCounter.LOCAL_OUT);
        transmit(in, pkt, s, r, null);
    }

    private void forward(PortEntry in, PacketBuffer pkt, ForwardScratch s) {
        IpView ip = s.ip;
        int version = ip.version;
        if (!settings.forwarding(version)) {
            counters.count(version, IpCounter.CANT_FORWARD);
            return;
        }
        if (ip.ttl() <= 1) {
            icmpError(in, s, ip.buf, ip.start, ip.length(), version == 4 ? Icmp.TIME_EXCEEDED : Icmp.V6_TIME_EXCEEDED,
                    Icmp.TIME_EXCEEDED_TTL, 0);
            counters.count(version, IpCounter.CANT_FORWARD);
            return;
        }
        Route r = routes.lookup(ip.buf, ip.destinationOffset(), ip.addressLength());
        if (r == null) {
            counters.count(version, IpCounter.NO_ROUTE);
            icmpError(in, s, ip.buf, ip.start, ip.length(), version == 4 ? Icmp.UNREACH : Icmp.V6_UNREACH,
                    version == 4 ? Icmp.UNREACH_NET : Icmp.V6_UNREACH_NOROUTE, 0);
            return;
        }
        ip.decrementTtl();
        if (transmit(in, pkt, s, r, null) == Verdict.OK) counters.count(version, IpCounter.FORWARDED);
    }

    /**
     * Outbound IPsec, routing on the resulting destination, MTU, send. {@code ip} of {@code s} is parsed over
     * {@code pkt}; {@code route} is the route to its destination before IPsec. Returns OK when the packet (or all its
     * fragments) went to a port.
     */
    private Verdict transmit(PortEntry in, PacketBuffer pkt, ForwardScratch s, Route route, SecurityPolicy policy) {
        IpView ip = s.ip;
        s.keepOriginal(ip);
        Verdict v = policy == null ? engine.output(pkt) : engine.output(pkt, policy);
        if (v != Verdict.OK) return v; // counted by the engine
        if (ip.parse(pkt) != Verdict.OK) {
            counters.count(s.originalVersion, IpCounter.INTERNAL_ERROR);
            return Verdict.BAD_HEADER;
        }
        int version = ip.version;
        if (!s.sameDestination(ip)) {
            route = routes.lookup(ip.buf, ip.destinationOffset(), ip.addressLength());
            if (route == null) {
                counters.count(version, IpCounter.NO_ROUTE);
                return Verdict.NO_ROUTE;
            }
            if (isLocal(ip)) { // a tunnel to one of our own addresses leads nowhere
                counters.count(version, IpCounter.NO_ROUTE);
                return Verdict.NO_ROUTE;
            }
        }
        PortEntry out = ports.byName(route.port());
        if (out == null) {
            counters.count(version, IpCounter.NO_ROUTE);
            return Verdict.NO_ROUTE;
        }
        byte[] nextHop = route.gateway() != null ? route.gateway() : ip.buf;
        int nextHopOff = route.gateway() != null ? 0 : ip.destinationOffset();
        if (ip.length() > out.port.mtu()) return tooBig(in, out, pkt, s, nextHop, nextHopOff);
        if (!out.port.send(pkt, nextHop, nextHopOff)) {
            counters.count(version, IpCounter.SEND_FAILED);
            return Verdict.NO_BUFFER_SPACE;
        }
        return Verdict.OK;
    }

    /** A packet longer than the out port's MTU: fragmented if it may be, else ICMP to its sender. */
    private Verdict tooBig(PortEntry in, PortEntry out, PacketBuffer pkt, ForwardScratch s, byte[] nextHop,
            int nextHopOff) {
        IpView ip = s.ip;
        int mtu = out.port.mtu();
        if (ip.version == 4 && !ip.v4.dontFragment() && !s.originalDontFragment) {
            int n = Ipv4Fragmenter.fragment(ip, s, mtu, out, nextHop, nextHopOff, counters);
            if (n > 0) return Verdict.OK;
            counters.count(4, IpCounter.CANT_FRAGMENT);
            return Verdict.BAD_LENGTH;
        }
        counters.count(s.originalVersion, IpCounter.CANT_FRAGMENT);
        int overhead = Math.max(0, ip.length() - s.originalLength);
        // a smaller packet may need up to MAX_PAD_GROWTH more padding than this one did: tell the sender what fits
        int left = mtu - overhead - (overhead > 0 ? MAX_PAD_GROWTH : 0);
        boolean v4 = s.originalVersion == 4;
        icmpError(in != null ? in : out, s, s.quote, 0, s.quoteLength, v4 ? Icmp.UNREACH : Icmp.V6_PACKET_TOO_BIG,
                v4 ? Icmp.UNREACH_NEEDFRAG : 0, Math.max(v4 ? 68 : 1280, left));
        return Verdict.BAD_LENGTH;
    }

    /** A packet for one of our addresses: to the host port, or answered here. */
    private void deliverLocal(PacketBuffer pkt, ForwardScratch s) {
        IpView ip = s.ip;
        long now = clock.getAsLong();
        PortEntry host = ports.host();
        if (host != null) {
            if (!ip.fragment && ip.isIcmp() && echo.waiting() && ip.upperOffset + 8 <= ip.end
                    && Icmp.checksumValid(ip) && echo.offer(ip, now)) {
                counters.count(ip.version, IpCounter.DELIVERED);
                return;
            }
            counters.count(ip.version, IpCounter.TO_HOST);
            int mtu = host.port.mtu();
            if (ip.length() > mtu) {
                if (ip.version == 4 && !ip.v4.dontFragment()) {
                    Ipv4Fragmenter.fragment(ip, s, mtu, host, ip.buf, ip.destinationOffset(), counters);
                } else {
                    counters.count(ip.version, IpCounter.CANT_FRAGMENT);
                }
                return;
            }
            if (!host.port.send(pkt, ip.buf, ip.destinationOffset())) counters.count(ip.version, IpCounter.SEND_FAILED);
            return;
        }
        if (ip.fragment) {
            pkt = reassemble(pkt, s);
            if (pkt == null) return;
        }
        counters.count(ip.version, IpCounter.DELIVERED);
        if (!ip.isIcmp() || ip.upperOffset + 8 > ip.end) {
            counters.count(ip.version, IpCounter.NO_PROTOCOL);
            return;
        }
        if (!Icmp.checksumValid(ip)) {
            counters.count(ip.version, IpCounter.BAD_CHECKSUM);
            return;
        }
        int type = ip.buf[ip.upperOffset] & 0xff;
        if (type == (ip.version == 4 ? Icmp.ECHO : Icmp.V6_ECHO)) {
            counters.count(ip.version, IpCounter.ECHO_RECEIVED);
            echoReply(pkt, s);
        } else if (!echo.offer(ip, now)) {
            counters.count(ip.version, IpCounter.NO_PROTOCOL);
        }
    }

    private void echoReply(PacketBuffer pkt, ForwardScratch s) {
        IpView ip = s.ip;
        int version = ip.version;
        int ttl = settings.get(version == 4 ? Mib.IP_TTL : Mib.IP6_HLIM);
        int start = Icmp.echoReplyInPlace(ip, ttl, ipId.getAndIncrement());
        pkt.bounds(start, ip.end);
        if (ip.parse(pkt) != Verdict.OK) return;
        counters.count(version, IpCounter.ECHO_REPLIES_SENT);
        sendLocal(null, pkt, s, null);
    }

    /** Sends a packet the gateway made itself ({@code ip} parsed over it): route, then as {@link #transmit}. */
    private Verdict sendLocal(PortEntry in, PacketBuffer pkt, ForwardScratch s, SecurityPolicy policy) {
        IpView ip = s.ip;
        if (isLocal(ip)) { // to ourselves
            deliverLocal(pkt, s);
            return Verdict.OK;
        }
        Route r = routes.lookup(ip.buf, ip.destinationOffset(), ip.addressLength());
        if (r == null) {
            counters.count(ip.version, IpCounter.NO_ROUTE);
            return Verdict.NO_ROUTE;
        }
        counters.count(ip.version, IpCounter.LOCAL_OUT);
        return transmit(in, pkt, s, r, policy);
    }

    /**
     * Sends an ICMP or ICMPv6 error about the packet whose start is {@code quote[off..off+len)} to its source, from
     * our address on port {@code in} (or any of ours of that family), if the rules and the rate limit allow.
     */
    private void icmpError(PortEntry in, ForwardScratch s, byte[] quote, int off, int len, int type, int code,
            int rest) {
        if (!Icmp.mayReportOn(quote, off, len)) return;
        int version = (quote[off] & 0xff) >>> 4;
        if (!icmpLimit.tryAcquire(clock.getAsLong(), settings.get(Mib.ICMP_ICMPLIM))) {
            counters.count(version, IpCounter.ERRORS_RATE_LIMITED);
            return;
        }
        byte[] src = in != null ? in.address(version) : null;
        if (src == null) {
            PortEntry any = ports.anyWithAddress(version);
            if (any == null) return;
            src = any.address(version);
        }
        PacketBuffer e = s.icmp;
        e.reset(PacketBuffers.HEADROOM);
        int n = version == 4
                ? Icmp.error4(e.array(), e.start(), type, code, rest, src, quote, off, len, settings.get(Mib.IP_TTL),
                        ipId.getAndIncrement())
                : Icmp.error6(e.array(), e.start(), type, code, rest, src, quote, off, len, settings.get(Mib.IP6_HLIM));
        e.bounds(e.start(), e.start() + n);
        counters.count(version, IpCounter.ERRORS_SENT);
        boolean tooBig = version == 4 ? type == Icmp.UNREACH && code == Icmp.UNREACH_NEEDFRAG
                : type == Icmp.V6_PACKET_TOO_BIG;
        boolean timeExceeded = type == (version == 4 ? Icmp.TIME_EXCEEDED : Icmp.V6_TIME_EXCEEDED);
        counters.count(version, tooBig ? IpCounter.TOO_BIG_SENT
                : timeExceeded ? IpCounter.TIME_EXCEEDED_SENT : IpCounter.UNREACH_SENT);
        if (s.ip.parse(e) != Verdict.OK) return;
        sendLocal(in, e, s, null);
    }

    private PacketBuffer reassemble(PacketBuffer pkt, ForwardScratch s) {
        IpView ip = s.ip;
        int version = ip.version;
        counters.count(version, IpCounter.FRAGMENTS_RECEIVED);
        Reassembler.Outcome o = reassembler.add(ip, pkt, s.reassembled, clock.getAsLong(),
                settings.get(Mib.IP_MAXFRAGPACKETS), settings.get(Mib.IP_MAXFRAGSPERPACKET));
        switch (o) {
            case COMPLETE:
                if (ip.parse(s.reassembled) != Verdict.OK) {
                    counters.count(version, IpCounter.BAD_HEADER);
                    return null;
                }
                counters.count(version, IpCounter.REASSEMBLED);
                return s.reassembled;
            case PENDING:
                return null;
            case NO_ROOM:
                counters.count(version, IpCounter.FRAGMENTS_NO_ROOM);
                return null;
            default:
                counters.count(version, IpCounter.FRAGMENTS_DROPPED);
                return null;
        }
    }

    /** Moves the reassembler's timeout counts into the counters. */
    private void reportTimeouts() {
        for (int version : new int[] {4, 6}) {
            int i = version == 4 ? 0 : 1;
            long t = reassembler.timedOutFragments(version);
            long delta;
            synchronized (reportedTimeouts) {
                delta = t - reportedTimeouts[i];
                reportedTimeouts[i] = t;
            }
            if (delta > 0) counters.add(version, IpCounter.FRAGMENTS_TIMED_OUT, delta);
        }
    }

    private boolean isLocal(IpView ip) {
        return locals.contains(ip.buf, ip.destinationOffset(), ip.addressLength());
    }

    // ---- control plane --------------------------------------------------------------------------------------------

    /** Sends an echo request from the gateway itself and waits for the outcome (see {@code ipsec:ping}). */
    public EchoResult echo(EchoRequest request) throws InterruptedException {
        return new EchoSender(this).echo(request);
    }

    /** Builds and sends a packet the gateway made (its first IP header at {@code pkt.start()}) on this thread. */
    Verdict sendOwn(PacketBuffer pkt, SecurityPolicy policy) {
        ForwardScratch s = scratch.get();
        if (s.ip.parse(pkt) != Verdict.OK) return Verdict.BAD_HEADER;
        return sendLocal(null, pkt, s, policy);
    }

    EchoClient echoClient() {
        return echo;
    }

    EngineSettings settings() {
        return settings;
    }

    int nextIpId() {
        return ipId.getAndIncrement();
    }

    long now() {
        return clock.getAsLong();
    }

    /** Our address of the family of {@code destination} to send to it from: that of the port its route leaves by. */
    InetAddress sourceFor(InetAddress destination) {
        Route r = routes.lookup(destination);
        int version = destination.getAddress().length == 4 ? 4 : 6;
        PortEntry e = r == null ? null : ports.byName(r.port());
        if (e == null || e.address(version) == null) e = ports.anyWithAddress(version);
        return e == null ? null : EchoClient.address(e.address(version), 0, version == 4 ? 4 : 16);
    }

    /** The attached ports. */
    public List<PortInfo> ports() {
        List<PortInfo> out = new ArrayList<>();
        for (PortEntry e : ports.all()) {
            PortCounters c;
            try {
                c = e.port.counters();
            } catch (RuntimeException ex) {
                c = new PortCounters(0, 0, 0, 0, 0);
            }
            out.add(new PortInfo(e.name, e.role(), e.running, e.addresses, e.port.mtu(), c));
        }
        out.sort(java.util.Comparator.comparing(PortInfo::name));
        return out;
    }

    /** The counters: {@code ipsec} (the engine's), {@code ip}, {@code ip6}, {@code icmp}, {@code icmp6}. */
    public List<StatSection> statistics() {
        reportTimeouts();
        List<StatSection> out = new ArrayList<>();
        out.add(engine.statistics().section());
        out.addAll(counters.sections());
        return out;
    }

    /** One forwarding counter (tests). */
    long counter(int version, IpCounter c) {
        return counters.get(version, c);
    }

    /** Datagrams being reassembled (tests). */
    int reassembliesInFlight() {
        return reassembler.inFlight();
    }

    public IpsecEngine engine() {
        return engine;
    }

    public RoutingTable routes() {
        return routes;
    }
}
