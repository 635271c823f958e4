package org.ipsec4j.itests.netns;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The KAME guide's end hosts: A and B, each an ipsec4j gateway in end-host mode (its kernel's traffic through a TUN
 * device, the link through a pcap port on a veth the kernel has no address on), and C, a plain Linux host without SAs,
 * on one Ethernet segment: a bridge in a fourth namespace S, where the link is captured. A and B run the guide's
 * statements on TEST-NET addresses.
 *
 * <pre>
 *   A (gateway, tun ipsec4j0 + pcap a0) ──┐
 *   B (gateway, tun ipsec4j0 + pcap b0) ──┼── br0 in S
 *   C (plain host, c0)                  ──┘
 * </pre>
 */
final class EndHosts implements AutoCloseable {
    static final int SPI_A_TO_B = 9998;
    static final int SPI_B_TO_A = 9999;
    static final String DEVICE = "ipsec4j0";
    /** Below the link's 1500 by more than transport-mode ESP with DES adds, so the kernel's TCP fits. */
    static final int TUN_MTU = 1400;

    final Family family;
    final String a;
    final String b;
    final String c;
    final Netns switchNs;
    final Netns hostA;
    final Netns hostB;
    final Netns hostC;
    final Gateway gatewayA;
    final Gateway gatewayB;
    final Path dir;
    private final Resources resources;

    private EndHosts(Family family, Resources r, Path dir, Netns s, Netns na, Netns nb, Netns nc, Gateway ga,
            Gateway gb) {
        this.family = family;
        this.a = address(family, 1);
        this.b = address(family, 2);
        this.c = address(family, 3);
        this.resources = r;
        this.dir = dir;
        this.switchNs = s;
        this.hostA = na;
        this.hostB = nb;
        this.hostC = nc;
        this.gatewayA = ga;
        this.gatewayB = gb;
    }

    /** Host {@code n} of the segment: 192.0.2.n or 2001:db8::n. */
    static String address(Family family, int n) {
        return (family.isIpv6() ? "2001:db8::" : "192.0.2.") + n;
    }

    /** The guide's SAs (the same on both hosts). */
    static String guideSas(String a, String b) {
        return "add " + a + " " + b + " esp " + SPI_A_TO_B + " -E des-cbc \"hogehoge\" ;\n"
                + "add " + b + " " + a + " esp " + SPI_B_TO_A + " -E des-cbc \"hogehoge\" ;\n";
    }

    /** Builds the segment, starts both gateways; everything made is undone by {@link #close}, also on failure. */
    static EndHosts start(Family family) throws Exception {
        Path home = Installation.verified();
        String suffix = Netns.suffix();
        Path dir = Installation.workDirectory("endhosts-" + family.name().toLowerCase() + "-" + suffix);
        Resources r = new Resources();
        try {
            Netns s = r.add(Netns.create("s", suffix));
            Netns na = r.add(Netns.create("a", suffix));
            Netns nb = r.add(Netns.create("b", suffix));
            Netns nc = r.add(Netns.create("c", suffix));
            s.sysctl("net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
            s.ip("link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
            s.ip("link", "set", "br0", "up");
            for (Netns h : new Netns[] {na, nb, nc}) {
                String host = h == na ? "a" : h == nb ? "b" : "c";
                s.ip("link", "add", "s" + host, "type", "veth", "peer", "name", host + "0", "netns", h.name);
                s.ip("link", "set", "s" + host, "master", "br0", "up");
            }
            String a = address(family, 1);
            String b = address(family, 2);
            nc.exec("ethtool", "-K", "c0", "tx", "off"); // checksums in software: see Sites.plainHost
            family.addAddress(nc, address(family, 3), "c0");
            nc.ip("link", "set", "c0", "up");
            Gateway ga = r.add(endHost(family, na, "a0", a, b, home, dir.resolve("a")));
            Gateway gb = r.add(endHost(family, nb, "b0", b, a, home, dir.resolve("b")));
            CompletableFuture<Void> startA = CompletableFuture.runAsync(() -> start(ga));
            start(gb);
            startA.join();
            return new EndHosts(family, r, dir, s, na, nb, nc, ga, gb);
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
     * takes IPv6, and strict reverse-path filtering keeps it from accepting what arrives there for the TUN's
     * address); the kernel's own address is on the TUN device. Then the gateway's configuration.
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
                .setkeyConf(guideSas(address(family, 1), address(family, 2))
                        + "spdadd " + self + " " + peer + " any -P out ipsec esp/transport//use ;\n");
    }

    private static void start(Gateway g) {
        try {
            g.start();
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
