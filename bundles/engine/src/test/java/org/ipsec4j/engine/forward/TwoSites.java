package org.ipsec4j.engine.forward;

import java.util.List;
import org.ipsec4j.io.memory.MemoryLink;

/**
 * The KAME guide's second scenario: site X (10.1.0.0/24) behind gateway GA, site Y (10.2.0.0/24) behind GB, GA and GB
 * on 192.0.2.0/24 (the wan, of a given MTU), ESP in tunnel mode between the gateways with the guide's SAs and its
 * policies with directions added. Hosts X and Y are nodes of their own with default routes to their gateways.
 */
final class TwoSites implements AutoCloseable {
    static final String SAS = "add 192.0.2.1 192.0.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n"
            + "add 192.0.2.2 192.0.2.1 esp 9999 -E des-cbc \"hogehoge\" ;\n";
    static final String GA_SPD = "spdadd 10.1.0.0/24 10.2.0.0/24 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/require ;\n"
            + "spdadd 10.2.0.0/24 10.1.0.0/24 any -P in ipsec esp/tunnel/192.0.2.2-192.0.2.1/require ;\n";
    static final String GB_SPD = "spdadd 10.2.0.0/24 10.1.0.0/24 any -P out ipsec esp/tunnel/192.0.2.2-192.0.2.1/require ;\n"
            + "spdadd 10.1.0.0/24 10.2.0.0/24 any -P in ipsec esp/tunnel/192.0.2.1-192.0.2.2/require ;\n";

    final MemoryLink siteX = new MemoryLink("site-x");
    final MemoryLink wan = new MemoryLink("wan");
    final MemoryLink siteY = new MemoryLink("site-y");
    final Wire wanWire = new Wire(wan);
    final Wire yWire = new Wire(siteY);
    final Node x = new Node("X");
    final Node ga = new Node("GA");
    final Node gb = new Node("GB");
    final Node y = new Node("Y");

    TwoSites(int wanMtu) {
        x.port(siteX, "x0", "10.1.0.10/24");
        ga.port(siteX, "lan0", "10.1.0.1/24");
        ga.port(wan, "wan0", wanMtu, "192.0.2.1/24");
        gb.port(wan, "wan0", wanMtu, "192.0.2.2/24");
        gb.port(siteY, "lan0", "10.2.0.1/24");
        y.port(siteY, "y0", "10.2.0.10/24");
        x.route("default 10.1.0.1");
        y.route("default 10.2.0.1");
        ga.route("10.2.0.0/24 192.0.2.2").forwarding().setkey(SAS + GA_SPD);
        gb.route("10.1.0.0/24 192.0.2.1").forwarding().setkey(SAS + GB_SPD);
    }

    @Override
    public void close() {
        for (Node n : List.of(x, ga, gb, y)) n.close();
    }
}
