package org.ipsec4j.demo.netns;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The KAME guide's two sites: X and Y are plain Linux hosts on the site LANs, GA and GB ipsec4j gateways with two pcap
 * ports each (the kernel has no address in their namespaces) running the guide's tunnel statements with directions:
 * {@code out} and {@code in} policies between the site prefixes, ESP tunnel mode between the gateways, at a level
 * ({@code use} as in the guide, or {@code require}).
 *
 * <pre>
 *   X x0 ── l0 GA w0 ── w0 GB l0 ── y0 Y
 *   site A           WAN            site B
 * </pre>
 *
 * IPv4: site A 198.51.100.0/24, site B 203.0.113.0/24, WAN 192.0.2.0/24. IPv6: 2001:db8:a::/64, 2001:db8:b::/64,
 * 2001:db8::/64. The gateways are .1 (::1) on their LANs, GA .1 and GB .2 on the WAN; the hosts .10 (::10).
 */
public final class Sites implements AutoCloseable {
    public static final int SPI_GA_TO_GB = 9998;
    public static final int SPI_GB_TO_GA = 9999;

    private final Family family;
    private final String level;
    private final Path dir;
    private final Netns x;
    private final Netns ga;
    private final Netns gb;
    private final Netns y;
    private Gateway gatewayA;
    private Gateway gatewayB;
    private Resources resources;

    private Sites(Family family, String level, Path dir, Netns x, Netns ga, Netns gb, Netns y) {
        this.family = family;
        this.level = level;
        this.dir = dir;
        this.x = x;
        this.ga = ga;
        this.gb = gb;
        this.y = y;
    }

    /**
     * Builds the four namespaces, writes both gateways' configurations under a new directory in {@code work} with
     * policies at {@code level} and starts them from {@code home}; tells {@code say} what it does. Everything made is
     * undone by {@link #close}, and on failure before returning.
     */
    public static Sites start(Family family, String level, Path home, Path work, Consumer<String> say)
            throws Exception {
        if (!level.equals("use") && !level.equals("require")) throw new IllegalArgumentException("level " + level);
        String suffix = Netns.suffix();
        Path dir = Files.createDirectories(
                work.resolve("sites-" + family.name().toLowerCase() + "-" + level + "-" + suffix));
        Resources r = new Resources();
        try {
            Netns x = r.add(Netns.create("x", suffix));
            Netns ga = r.add(Netns.create("ga", suffix));
            Netns gb = r.add(Netns.create("gb", suffix));
            Netns y = r.add(Netns.create("y", suffix));
            say.accept("namespaces " + x + " -- " + ga + " -- " + gb + " -- " + y);
            x.ip("link", "add", "x0", "type", "veth", "peer", "name", "l0", "netns", ga.name());
            ga.ip("link", "add", "w0", "type", "veth", "peer", "name", "w0", "netns", gb.name());
            gb.ip("link", "add", "l0", "type", "veth", "peer", "name", "y0", "netns", y.name());
            Sites t = new Sites(family, level, dir, x, ga, gb, y);
            t.resources = r;
            plainHost(family, x, "x0", t.hostX(), t.lanA());
            say.accept("X: plain host " + t.hostX() + " on site A, default route via GA " + t.lanA());
            plainHost(family, y, "y0", t.hostY(), t.lanB());
            say.accept("Y: plain host " + t.hostY() + " on site B, default route via GB " + t.lanB());
            t.gatewayA = r.add(t.gateway(ga, true, home));
            say.accept("GA: ports lan0 (pcap l0, " + t.lanA() + ") and wan0 (pcap w0, " + t.wanA() + "), route "
                    + t.siteB() + " via " + t.wanB());
            t.gatewayB = r.add(t.gateway(gb, false, home));
            say.accept("GB: ports lan0 (pcap l0, " + t.lanB() + ") and wan0 (pcap w0, " + t.wanB() + "), route "
                    + t.siteA() + " via " + t.wanA());
            say.accept("starting both gateways (bin/ipsec4j-gateway --daemon in GA and GB)");
            Gateway a = t.gatewayA;
            CompletableFuture<Void> startA = CompletableFuture.runAsync(() -> EndHosts.start(a));
            EndHosts.start(t.gatewayB);
            startA.join();
            return t;
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
     * A plain Linux host on a site LAN. Its veth leaves no checksum to "hardware" (offload off): the gateway reads raw
     * frames through libpcap, which cannot tell a frame whose checksum the sending kernel left incomplete, so the host
     * computes checksums in software, as a real network would deliver them.
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
        return new Gateway(ns, home, dir.resolve(isA ? "ga" : "gb"))
                .pcapPort("lan0", "l0", family.withPrefix(isA ? lanA() : lanB()))
                .pcapPort("wan0", "w0", family.withPrefix(isA ? wanA() : wanB()))
                .routes((isA ? siteB() : siteA()) + " " + (isA ? wanB() : wanA()))
                .sysctl(family.isIpv6() ? "net.inet6.ip6.forwarding" : "net.inet.ip.forwarding", "1")
                .setkeyConf(guideSas() + policies(isA));
    }

    /** The guide's SAs between the gateways. */
    public String guideSas() {
        return "add " + wanA() + " " + wanB() + " esp " + SPI_GA_TO_GB + " -E des-cbc \"hogehoge\" ;\n"
                + "add " + wanB() + " " + wanA() + " esp " + SPI_GB_TO_GA + " -E des-cbc \"hogehoge\" ;\n";
    }

    /** What deletes the guide's SAs. */
    public String deleteSas() {
        return "delete " + wanA() + " " + wanB() + " esp " + SPI_GA_TO_GB + " ;\n"
                + "delete " + wanB() + " " + wanA() + " esp " + SPI_GB_TO_GA + " ;\n";
    }

    /** The guide's tunnel policy of one gateway, with directions, at this run's level. */
    public String policies(boolean isA) {
        String mine = isA ? siteA() : siteB();
        String theirs = isA ? siteB() : siteA();
        String self = isA ? wanA() : wanB();
        String peer = isA ? wanB() : wanA();
        return "spdadd " + mine + " " + theirs + " any -P out ipsec esp/tunnel/" + self + "-" + peer + "/" + level
                + " ;\n" + "spdadd " + theirs + " " + mine + " any -P in ipsec esp/tunnel/" + peer + "-" + self + "/"
                + level + " ;\n";
    }

    public Family family() {
        return family;
    }

    public String level() {
        return level;
    }

    /** This run's directory: configurations, logs, captures. */
    public Path dir() {
        return dir;
    }

    public String siteA() {
        return family.isIpv6() ? "2001:db8:a::/64" : "198.51.100.0/24";
    }

    public String siteB() {
        return family.isIpv6() ? "2001:db8:b::/64" : "203.0.113.0/24";
    }

    public String hostX() {
        return family.isIpv6() ? "2001:db8:a::10" : "198.51.100.10";
    }

    public String hostY() {
        return family.isIpv6() ? "2001:db8:b::10" : "203.0.113.10";
    }

    public String lanA() {
        return family.isIpv6() ? "2001:db8:a::1" : "198.51.100.1";
    }

    public String lanB() {
        return family.isIpv6() ? "2001:db8:b::1" : "203.0.113.1";
    }

    public String wanA() {
        return family.isIpv6() ? "2001:db8::1" : "192.0.2.1";
    }

    public String wanB() {
        return family.isIpv6() ? "2001:db8::2" : "192.0.2.2";
    }

    public Netns x() {
        return x;
    }

    /** GA's namespace; its {@code w0} is the WAN. */
    public Netns ga() {
        return ga;
    }

    public Netns gb() {
        return gb;
    }

    public Netns y() {
        return y;
    }

    public Gateway gatewayA() {
        return gatewayA;
    }

    public Gateway gatewayB() {
        return gatewayB;
    }

    /**
     * What is wrong with a capture of the WAN, or nothing: only ESP between the gateways' addresses (neighbour
     * discovery aside), SPI 9998 from GA and 9999 from GB, at least {@code minEspFromA} packets from GA.
     */
    public java.util.List<String> wanProblems(java.util.List<Capture.IpPacket> wan, long minEspFromA) {
        java.util.List<String> problems = new java.util.ArrayList<>();
        long fromA = 0;
        long fromB = 0;
        for (Capture.IpPacket p : wan) {
            if (!p.isIp() || p.isNeighbourDiscovery()) continue;
            if (!p.isEsp() || !p.between(wanA(), wanB())) {
                problems.add("not ESP between the gateways: " + p);
                continue;
            }
            boolean fromGa = p.from(wanA());
            if (p.spi() != (fromGa ? SPI_GA_TO_GB : SPI_GB_TO_GA)) {
                problems.add("wrong SPI: " + p);
            } else if (fromGa) {
                fromA++;
            } else {
                fromB++;
            }
        }
        if (fromA < minEspFromA) problems.add("only " + fromA + " ESP packets from GA (expected " + minEspFromA + ")");
        if (fromB == 0) problems.add("no ESP from GB");
        return problems.size() > 10 ? problems.subList(0, 10) : problems;
    }

    /** Stops the gateways, ends what runs in the namespaces, deletes them. */
    @Override
    public void close() throws Exception {
        resources.close();
    }
}
