package org.ipsec4j.demo.netns;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The KAME guide's end hosts: A and B, each an ipsec4j gateway in end-host mode (its kernel's traffic through a TUN
 * device, the link through a pcap port on a veth the kernel has no address on), and C, a plain Linux host without SAs,
 * on one Ethernet segment: a bridge in a fourth namespace S, where the link can be captured (port {@code sa} is A's).
 * A and B run the guide's statements on TEST-NET addresses (192.0.2.1-3 or 2001:db8::1-3).
 *
 * <pre>
 *   A (gateway: tun ipsec4j0 + pcap a0) ──┐
 *   B (gateway: tun ipsec4j0 + pcap b0) ──┼── br0 in S
 *   C (plain host: c0)                  ──┘
 * </pre>
 */
public final class EndHosts implements AutoCloseable {
    public static final int SPI_A_TO_B = 9998;
    public static final int SPI_B_TO_A = 9999;
    /** The kernel's TUN device on A and B. */
    public static final String DEVICE = "ipsec4j0";
    /** Below the link's 1500 by more than transport-mode ESP with DES adds, so that the kernel's TCP fits. */
    public static final int TUN_MTU = 1400;

    private final Family family;
    private final Path dir;
    private final Netns switchNs;
    private final Netns hostA;
    private final Netns hostB;
    private final Netns hostC;
    private final Gateway gatewayA;
    private final Gateway gatewayB;
    private final Resources resources;

    private EndHosts(Family family, Path dir, Resources r, Netns s, Netns a, Netns b, Netns c, Gateway ga,
            Gateway gb) {
        this.family = family;
        this.dir = dir;
        this.resources = r;
        this.switchNs = s;
        this.hostA = a;
        this.hostB = b;
        this.hostC = c;
        this.gatewayA = ga;
        this.gatewayB = gb;
    }

    /** Host {@code n} of the segment: 192.0.2.n or 2001:db8::n. */
    public static String address(Family family, int n) {
        return (family.isIpv6() ? "2001:db8::" : "192.0.2.") + n;
    }

    /** The guide's SAs (the same on both hosts). */
    public static String guideSas(Family family) {
        String a = address(family, 1);
        String b = address(family, 2);
        return "add " + a + " " + b + " esp " + SPI_A_TO_B + " -E des-cbc \"hogehoge\" ;\n"
                + "add " + b + " " + a + " esp " + SPI_B_TO_A + " -E des-cbc \"hogehoge\" ;\n";
    }

    /** The guide's policy of the host with {@code self}: ESP transport to the peer when an SA exists. */
    public static String guidePolicy(String self, String peer) {
        return "spdadd " + self + " " + peer + " any -P out ipsec esp/transport//use ;\n";
    }

    /**
     * Builds the segment in new namespaces, writes both gateways' configurations under a new directory in
     * {@code work} and starts them from {@code home}; tells {@code say} what it does. Everything made is undone by
     * {@link #close}, and on failure before returning.
     */
    public static EndHosts start(Family family, Path home, Path work, Consumer<String> say) throws Exception {
        String suffix = Netns.suffix();
        Path dir = Files.createDirectories(work.resolve("endhosts-" + family.name().toLowerCase() + "-" + suffix));
        Resources r = new Resources();
        try {
            Netns s = r.add(Netns.create("s", suffix));
            Netns na = r.add(Netns.create("a", suffix));
            Netns nb = r.add(Netns.create("b", suffix));
            Netns nc = r.add(Netns.create("c", suffix));
            say.accept("namespaces " + na + ", " + nb + ", " + nc + " on a bridge in " + s);
            s.sysctl("net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
            s.ip("link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
            s.ip("link", "set", "br0", "up");
            for (Netns h : new Netns[] {na, nb, nc}) {
                String host = h == na ? "a" : h == nb ? "b" : "c";
                s.ip("link", "add", "s" + host, "type", "veth", "peer", "name", host + "0", "netns", h.name());
                s.ip("link", "set", "s" + host, "master", "br0", "up");
            }
            String a = address(family, 1);
            String b = address(family, 2);
            nc.exec("ethtool", "-K", "c0", "tx", "off"); // checksums in software: see Sites.plainHost
            family.addAddress(nc, address(family, 3), "c0");
            nc.ip("link", "set", "c0", "up");
            say.accept("C: plain host " + address(family, 3) + " on c0, no SAs");
            Gateway ga = r.add(endHost(family, na, "a0", a, b, home, dir.resolve("a")));
            say.accept("A: kernel " + a + " on TUN " + DEVICE + " (MTU " + TUN_MTU + "); gateway ports tun0 and wan0 (pcap on a0)");
            Gateway gb = r.add(endHost(family, nb, "b0", b, a, home, dir.resolve("b")));
            say.accept("B: kernel " + b + " on TUN " + DEVICE + " (MTU " + TUN_MTU + "); gateway ports tun0 and wan0 (pcap on b0)");
            say.accept("starting both gateways (bin/ipsec4j-gateway --daemon in A and B)");
            CompletableFuture<Void> startA = CompletableFuture.runAsync(() -> start(ga));
            start(gb);
            startA.join();
            return new EndHosts(family, dir, r, s, na, nb, nc, ga, gb);
        } catch (Throwable e) {
            try {
                r.close();
            } catch (Exception x) {
                e.addSuppressed(x);
            }
            throw e;
        }
    }

    /**
     * Prepares one end host: the link interface belongs to the gateway (the kernel neither answers ARP there nor
     * takes IPv6, and strict reverse-path filtering keeps it from accepting what arrives there for the TUN's address);
     * the kernel's own address is on the TUN device. Then the gateway's configuration.
     */
    private static Gateway endHost(Family family, Netns ns, String link, String self, String peer, Path home, Path dir)
            throws Exception {
        ns.sysctl("net.ipv6.conf." + link + ".disable_ipv6=1", "net.ipv4.conf." + link + ".rp_filter=1",
                "net.ipv4.ip_forward=0");
        ns.ip("link", "set", link, "arp", "off", "up");
        ns.ip("tuntap", "add", "dev", DEVICE, "mode", "tun");
        ns.ip("link", "set", DEVICE, "mtu", String.valueOf(TUN_MTU), "up");
        family.addAddress(ns, self, DEVICE);
        return new Gateway(ns, home, dir)
                .pcapPort("wan0", link, family.withPrefix(self))
                .tunPort("tun0", DEVICE, family.host(self))
                .setkeyConf(guideSas(family) + guidePolicy(self, peer));
    }

    static void start(Gateway g) {
        try {
            g.start();
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public Family family() {
        return family;
    }

    /** This run's directory: configurations, logs, captures. */
    public Path dir() {
        return dir;
    }

    public String a() {
        return address(family, 1);
    }

    public String b() {
        return address(family, 2);
    }

    public String c() {
        return address(family, 3);
    }

    /** The namespace of the bridge; its port {@code sa} carries A's traffic. */
    public Netns switchNs() {
        return switchNs;
    }

    public Netns hostA() {
        return hostA;
    }

    public Netns hostB() {
        return hostB;
    }

    public Netns hostC() {
        return hostC;
    }

    public Gateway gatewayA() {
        return gatewayA;
    }

    public Gateway gatewayB() {
        return gatewayB;
    }

    /**
     * What is wrong with a capture of A's link, or nothing: between A and B only ESP (neighbour discovery aside), with
     * SPI 9998 from A and 9999 from B, at least {@code minEspFromA} packets from A; between A and C only plaintext
     * ICMP, at least one echo each way.
     */
    public java.util.List<String> linkProblems(java.util.List<Capture.IpPacket> link, long minEspFromA) {
        java.util.List<String> problems = new java.util.ArrayList<>();
        long fromA = 0;
        long fromB = 0;
        for (Capture.IpPacket p : link) {
            if (!p.isIp() || p.isNeighbourDiscovery()) continue;
            if (p.between(a(), b())) {
                boolean mine = p.from(a());
                if (!p.isEsp()) {
                    problems.add("not ESP between A and B: " + p);
                } else if (p.spi() != (mine ? SPI_A_TO_B : SPI_B_TO_A)) {
                    problems.add("wrong SPI: " + p);
                } else if (mine) {
                    fromA++;
                } else {
                    fromB++;
                }
            }
        }
        if (fromA < minEspFromA) problems.add("only " + fromA + " ESP packets from A (expected " + minEspFromA + ")");
        if (fromB == 0) problems.add("no ESP from B");
        int icmp = family.isIpv6() ? 58 : 1;
        java.util.List<Capture.IpPacket> withC = link.stream()
                .filter(p -> p.isIp() && !p.isNeighbourDiscovery() && p.between(a(), c())).toList();
        if (withC.stream().noneMatch(p -> p.from(a())) || withC.stream().noneMatch(p -> p.from(c()))) {
            problems.add("no plaintext both ways between A and C");
        }
        withC.stream().filter(p -> p.protocol() != icmp).forEach(p -> problems.add("not plaintext ICMP with C: " + p));
        return problems.size() > 10 ? problems.subList(0, 10) : problems;
    }

    /** Stops the gateways, ends what runs in the namespaces, deletes them. */
    @Override
    public void close() throws Exception {
        resources.close();
    }
}
