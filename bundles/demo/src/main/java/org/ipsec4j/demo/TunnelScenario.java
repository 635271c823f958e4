package org.ipsec4j.demo;

import java.io.PrintStream;
import java.time.Duration;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.engine.admin.EchoRequest;
import org.ipsec4j.engine.admin.EchoResult;
import org.ipsec4j.engine.route.Addresses;
import org.ipsec4j.io.memory.MemoryLink;

/**
 * The KAME guide's second example, "tunnel mode": site X behind gateway GA, site Y behind gateway GB, everything
 * between the sites encrypted with ESP in tunnel mode between GA and GB, with the guide's SAs and its policies (the
 * directions {@code -P out}/{@code -P in} added, as every real setkey needs them). Host X pings host Y; the packets
 * are shown on site X, on the wan and on site Y.
 */
final class TunnelScenario {
    static final String GA = "192.0.2.1";
    static final String GB = "192.0.2.2";
    static final String X = "198.51.100.10";
    static final String Y = "203.0.113.10";
    static final String SAS = "add 192.0.2.1 192.0.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n"
            + "add 192.0.2.2 192.0.2.1 esp 9999 -E des-cbc \"hogehoge\" ;\n";
    static final String SPD_GA = "spdadd 198.51.100.0/24 203.0.113.0/24 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/use ;\n"
            + "spdadd 203.0.113.0/24 198.51.100.0/24 any -P in ipsec esp/tunnel/192.0.2.2-192.0.2.1/use ;\n";
    static final String SPD_GB = "spdadd 203.0.113.0/24 198.51.100.0/24 any -P out ipsec esp/tunnel/192.0.2.2-192.0.2.1/use ;\n"
            + "spdadd 198.51.100.0/24 203.0.113.0/24 any -P in ipsec esp/tunnel/192.0.2.1-192.0.2.2/use ;\n";

    private TunnelScenario() {
    }

    static void run(PrintStream out, AlgorithmRegistry algorithms, int count) throws InterruptedException {
        out.println("== Scenario 2: tunnel mode between two sites (KAME guide, \"Tunnel mode\") ==");
        out.println("site X 198.51.100.0/24 --- GA " + GA + " === wan 192.0.2.0/24 === GB " + GB
                + " --- site Y 203.0.113.0/24");
        out.println("Host X " + X + " and host Y " + Y + " route through their gateways.");
        out.println();
        MemoryLink siteX = new MemoryLink("site-x");
        MemoryLink wan = new MemoryLink("wan");
        MemoryLink siteY = new MemoryLink("site-y");
        PacketLog log = new PacketLog(out);
        log.tap(siteX, "site X");
        log.tap(wan, "wan");
        log.tap(siteY, "site Y");
        try (DemoNode x = new DemoNode("X", algorithms); DemoNode ga = new DemoNode("GA", algorithms);
                DemoNode gb = new DemoNode("GB", algorithms); DemoNode y = new DemoNode("Y", algorithms)) {
            x.port(siteX, "eth0", X + "/24");
            ga.port(siteX, "lan0", "198.51.100.1/24");
            ga.port(wan, "wan0", GA + "/24");
            gb.port(wan, "wan0", GB + "/24");
            gb.port(siteY, "lan0", "203.0.113.1/24");
            y.port(siteY, "eth0", Y + "/24");
            x.route("default 198.51.100.1");
            y.route("default 203.0.113.1");
            Demo.setkey(out, "On GA and GB", SAS);
            ga.setkey(SAS);
            gb.setkey(SAS);
            Demo.setkey(out, "On GA", SPD_GA);
            ga.setkey(SPD_GA);
            Demo.setkey(out, "On GB", SPD_GB);
            gb.setkey(SPD_GB);
            out.println("GA# sysctl net.inet.ip.forwarding=1; route add 203.0.113.0/24 " + GB);
            ga.forwarding().route("203.0.113.0/24 " + GB);
            out.println("GB# sysctl net.inet.ip.forwarding=1; route add 198.51.100.0/24 " + GA);
            gb.forwarding().route("198.51.100.0/24 " + GA);
            out.println();
            out.println("X$ ping -c " + count + " " + Y);
            for (int seq = 0; seq < count; seq++) {
                log.on(seq < 2);
                EchoResult r = x.gateway.echo(new EchoRequest(Addresses.parse(Y), null, 0x4242, seq, 56, false, null,
                        null, Duration.ofSeconds(1)));
                log.on(false);
                switch (r.status()) {
                    case REPLY -> out.println(String.format("%d bytes from %s: icmp_seq=%d ttl=%d time=%.3f ms", r.bytes(),
                            r.from().getHostAddress(), seq, r.ttl(), r.rttNanos() / 1e6));
                    case ICMP_ERROR -> out.println(r.bytes() + " bytes from " + r.from().getHostAddress() + ": " + r.detail());
                    case TIMEOUT -> out.println("Request timeout for icmp_seq " + seq);
                    case NOT_SENT -> out.println("ping: sendto: " + r.detail());
                }
            }
            out.println();
            out.println("GA# setkey -D");
            out.print(ga.setkey(java.util.List.of("-D"), ""));
            out.println();
        }
    }
}
