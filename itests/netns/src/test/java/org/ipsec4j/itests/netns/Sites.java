package org.ipsec4j.itests.netns;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The KAME guide's two sites: X and Y are plain Linux hosts on the site LANs, GA and GB ipsec4j gateways with two pcap
 * ports each (the kernel has no address in their namespaces) running the guide's tunnel statements, with directions:
 * {@code out} and {@code in} policies between the site prefixes, ESP tunnel mode between the gateways.
 *
 * <pre>
 *   X x0 ── l0 GA w0 ── w0 GB l0 ── y0 Y
 *   site A           WAN            site B
 * </pre>
 *
 * IPv4: site A 198.51.100.0/24, site B 203.0.113.0/24, WAN 192.0.2.0/24. IPv6: 2001:db8:a::/64, 2001:db8:b::/64,
 * 2001:db8::/64. Gateways are .1 / ::1 on their LANs, GA .1 and GB .2 on the WAN; hosts .10 / ::10.
 */
final class Sites implements AutoCloseable {
    static final int SPI_GA_TO_GB = 9998;
    static final int SPI_GB_TO_GA = 9999;

    final Family family;
    final Netns x;
    final Netns ga;
    final Netns gb;
    final Netns y;
    final Gateway gatewayA;
    final Gateway gatewayB;
    final Path dir;
    final String level;
    private final Resources resources;

    private Sites(Family family, String level, Resources r, Path dir, Netns x, Netns ga, Netns gb, Netns y,
            Gateway gwa, Gateway gwb) {
        this.family = family;
        this.level = level;
        this.resources = r;
        this.dir = dir;
        this.x = x;
        this.ga = ga;
        this.gb = gb;
        this.y = y;
        this.gatewayA = gwa;
        this.gatewayB = gwb;
    }

    String siteA() {
        return family.isIpv6() ? "2001:db8:a::/64" : "198.51.100.0/24";
    }

    String siteB() {
        return family.isIpv6() ? "2001:db8:b::/64" : "203.0.113.0/24";
    }

    /** Host X on site A. */
    String hostX() {
        return family.isIpv6() ? "2001:db8:a::10" : "198.51.100.10";
    }

    /** Host Y on site B. */
    String hostY() {
        return family.isIpv6() ? "2001:db8:b::10" : "203.0.113.10";
    }

    String wanA() {
        return family.isIpv6() ? "2001:db8::1" : "192.0.2.1";
    }

    String wanB() {
        return family.isIpv6() ? "2001:db8::2" : "192.0.2.2";
    }

    /** The guide's SAs between the gateways. */
    String guideSas() {
        return "add " + wanA() + " " + wanB() + " esp " + SPI_GA_TO_GB + " -E des-cbc \"hogehoge\" ;\n"
                + "add " + wanB() + " " + wanA() + " esp " + SPI_GB_TO_GA + " -E des-cbc \"hogehoge\" ;\n";
    }

    /** What deletes the guide's SAs. */
    String deleteSas() {
        return "delete " + wanA() + " " + wanB() + " esp " + SPI_GA_TO_GB + " ;\n"
                + "delete " + wanB() + " " + wanA() + " esp " + SPI_GB_TO_GA + " ;\n";
    }

    /** The guide's tunnel policy of one gateway, with directions, at {@code level}. */
    private String policies(boolean isA) {
        String mine = isA ? siteA() : siteB();
        String theirs = isA ? siteB() : siteA();
        String self = isA ? wanA() : wanB();
        String peer = isA ? wanB() : wanA();
        return "spdadd " + mine + " " + theirs + " any -P out ipsec esp/tunnel/" + self + "-" + peer + "/" + level
                + " ;\n" + "spdadd " + theirs + " " + mine + " any -P in ipsec esp/tunnel/" + peer + "-" + self + "/"
                + level + " ;\n";
    }

    /** Builds the four namespaces and starts both gateways with policies at {@code level} (use or require). */
    static Sites start(Family family, String level) throws Exception {
        Path home = Installation.verified();
        String suffix = Netns.suffix();
        Path dir = Installation.workDirectory("sites-" + family.name().toLowerCase() + "-" + level + "-" + suffix);
        Resources r = new Resources();
        try {
            Netns x = r.add(Netns.create("x", suffix));
            Netns ga = r.add(Netns.create("ga", suffix));
            Netns gb = r.add(Netns.create("gb", suffix));
            Netns y = r.add(Netns.create("y", suffix));
            x.ip("link", "add", "x0", "type", "veth", "peer", "name", "l0", "netns", ga.name);
            ga.ip("link", "add", "w0", "type", "veth", "peer", "name", "w0", "netns", gb.name);
            gb.ip("link", "add", "l0", "type", "veth", "peer", "name", "y0", "netns", y.name);
            Sites t = new Sites(family, level, r, dir, x, ga, gb, y, null, null);
            plainHost(family, x, "x0", t.hostX(), family.isIpv6() ? "2001:db8:a::1" : "198.51.100.1");
            plainHost(family, y, "y0", t.hostY(), family.isIpv6() ? "2001:db8:b::1" : "203.0.113.1");
            Gateway gwa = r.add(t.gateway(ga, true, home));
            Gateway gwb = r.add(t.gateway(gb, false, home));
            CompletableFuture<Void> startA = CompletableFuture.runAsync(() -> start(gwa));
            start(gwb);
            startA.join();
            return new Sites(family, level, r, dir, x, ga, gb, y, gwa, gwb);
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
     * A plain Linux host on a site LAN. Its veth computes no checksums of its own (checksum offload): the gateway reads
     * raw frames through libpcap, which cannot tell a frame whose checksum the kernel left to the "hardware", so the
     * host computes them in software as a real NIC's peer would receive them.
     */
    static void plainHost(Family family, Netns ns, String dev, String address, String router) throws Exception {
        ns.exec("ethtool", "-K", dev, "tx", "off");
        family.addAddress(ns, address, dev);
        ns.ip("link", "set", dev, "up");
        if (family.isIpv6()) {
            ns.ip("-6", "route", "add", "default", "via", router);
        } else {
            ns.ip("route", "add", "default", "via", router);
        }
    }

    /** A gateway namespace: both interfaces the gateway's, no forwarding by the kernel; the gateway's configuration. */
    private Gateway gateway(Netns ns, boolean isA, Path home) throws Exception {
        ns.sysctl("net.ipv4.ip_forward=0", "net.ipv6.conf.all.forwarding=0");
        for (String dev : new String[] {"l0", "w0"}) {
            ns.sysctl("net.ipv6.conf." + dev + ".disable_ipv6=1");
            ns.ip("link", "set", dev, "arp", "off", "up");
        }
        String lan = family.isIpv6() ? (isA ? "2001:db8:a::1" : "2001:db8:b::1") : (isA ? "198.51.100.1" : "203.0.113.1");
        String route = (isA ? siteB() : siteA()) + " " + (isA ? wanB() : wanA());
        return new Gateway(ns, home, dir.resolve(isA ? "ga" : "gb"))
                .pcapPort("lan0", "l0", family.withPrefix(lan))
                .pcapPort("wan0", "w0", family.withPrefix(isA ? wanA() : wanB()))
                .routes(route)
                .sysctl(family.isIpv6() ? "net.inet6.ip6.forwarding" : "net.inet.ip.forwarding", "1")
                .setkeyConf(guideSas() + policies(isA));
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
