package org.ipsec4j.engine.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ipsec4j.engine.admin.RouteInfo;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
    private final RoutingTable t = new RoutingTable();

    private String via(String address) {
        Route r = t.lookup(Addresses.parse(address));
        if (r == null) return null;
        return r.port() + (r.gateway() != null ? " via " + r.gatewayAddress().getHostAddress() : "");
    }

    @Test
    void longestPrefixWinsInBothFamilies() {
        t.setConnected("lan0", Addresses.prefixes("10.1.0.1/24, 2001:db8:1::1/64"));
        t.setConnected("wan0", Addresses.prefixes("192.0.2.1/24, 2001:db8::1/64"));
        t.addStatic(StaticRoute.parse("default 192.0.2.254"));
        t.addStatic(StaticRoute.parse("10.0.0.0/8 192.0.2.2"));
        t.addStatic(StaticRoute.parse("10.1.0.128/25 10.1.0.2"));
        t.addStatic(StaticRoute.parse("2001:db8:2::/48 2001:db8::2"));
        assertEquals("lan0", via("10.1.0.7"));
        assertEquals("lan0 via 10.1.0.2", via("10.1.0.200"));
        assertEquals("wan0 via 192.0.2.2", via("10.9.9.9"));
        assertEquals("wan0 via 192.0.2.254", via("198.51.100.1"));
        assertEquals("wan0 via 2001:db8:0:0:0:0:0:2", via("2001:db8:2::7"));
        assertEquals("lan0", via("2001:db8:1::99"));
        assertNull(via("2001:db8:3::1"), "no IPv6 default");
    }

    @Test
    void aGatewayOnNoConnectedPrefixMakesTheRouteUnusable() {
        t.addStatic(StaticRoute.parse("10.2.0.0/16 192.0.2.2"));
        assertNull(via("10.2.0.1"));
        RouteInfo shown = new RouteAdmin(t, r -> { }).list().get(0);
        assertEquals("GS", shown.flags());
        assertFalse(shown.usable());
        t.setConnected("wan0", Addresses.prefixes("192.0.2.1/24"));
        assertEquals("wan0 via 192.0.2.2", via("10.2.0.1"));
        t.removeConnected("wan0");
        assertNull(via("10.2.0.1"), "the port went away");
    }

    @Test
    void interfaceRoutesAndDeletes() {
        t.setConnected("tun0", List.of());
        t.addStatic(StaticRoute.parse("10.9.0.0/16 -interface tun0"));
        assertEquals("tun0", via("10.9.1.1"));
        assertTrue(t.removeStatic(Addresses.prefix("10.9.0.0/16")));
        assertFalse(t.removeStatic(Addresses.prefix("10.9.0.0/16")));
        assertNull(via("10.9.1.1"));
        t.addStatic(StaticRoute.parse("10.8.0.0/16 -interface nosuch0"));
        assertNull(via("10.8.1.1"), "an interface that is not attached");
    }

    @Test
    void aStaticRouteReplacesTheConnectedOneOfTheSamePrefix() {
        t.setConnected("lan0", Addresses.prefixes("10.1.0.1/24"));
        t.setConnected("wan0", Addresses.prefixes("192.0.2.1/24"));
        t.addStatic(StaticRoute.parse("10.1.0.0/24 192.0.2.9"));
        assertEquals("wan0 via 192.0.2.9", via("10.1.0.7"));
        assertEquals(2, t.snapshot().routes().size(), "wan0 connected, and the static route in place of lan0");
    }

    @Test
    void listingShowsFlagsInNetstatOrder() {
        t.setConnected("wan0", Addresses.prefixes("192.0.2.1/24, 2001:db8::1/64"));
        t.addStatic(StaticRoute.parse("198.51.100.7 192.0.2.254"));
        t.addStatic(StaticRoute.parse("default 192.0.2.254"));
        List<String> lines = new ArrayList<>();
        for (RouteInfo r : new RouteAdmin(t, x -> { }).list()) {
            lines.add(r.destination() + " " + (r.gateway() == null ? "-" : r.gateway().getHostAddress()) + " "
                    + r.flags() + " " + r.port());
        }
        assertEquals(List.of("198.51.100.7/32 192.0.2.254 UGSH wan0", "192.0.2.0/24 - UC wan0",
                "0.0.0.0/0 192.0.2.254 UGS wan0", "2001:db8:0:0:0:0:0:0/64 - UC wan0"), lines);
    }

    @Test
    void parsingRoutes() {
        assertEquals("10.0.0.0/8 192.0.2.1", StaticRoute.parse(" 10.0.0.0/8   192.0.2.1 ").toString());
        assertEquals("::/0 2001:db8::1".replace("::/0", "0:0:0:0:0:0:0:0/0").replace("2001:db8::1", "2001:db8:0:0:0:0:0:1"),
                StaticRoute.parse("default 2001:db8::1").toString());
        assertEquals(2, StaticRoute.parseList("10.0.0.0/8 192.0.2.1, , 10.9.0.0/16 -interface tun0").size());
        assertEquals("route: expected DEST GATEWAY or DEST -interface PORT: 10.0.0.0/8",
                assertThrows(IllegalArgumentException.class, () -> StaticRoute.parse("10.0.0.0/8")).getMessage());
        assertEquals("not a numeric IP address: gw.example.org",
                assertThrows(IllegalArgumentException.class, () -> StaticRoute.parse("10.0.0.0/8 gw.example.org"))
                        .getMessage());
        assertEquals("gateway 2001:db8:0:0:0:0:0:1 is not of the family of 10.0.0.0/8",
                assertThrows(IllegalArgumentException.class, () -> StaticRoute.parse("10.0.0.0/8 2001:db8::1"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> StaticRoute.parse("10.0.0.0/33 192.0.2.1"));
        assertThrows(IllegalArgumentException.class, () -> StaticRoute.parse("default -interface tun0"));
    }

    @Test
    void routeAdminRecordsEveryChangeAndAppliesConfigurations() {
        List<String> stored = new ArrayList<>();
        RouteAdmin admin = new RouteAdmin(t, routes -> stored.add(RouteAdmin.format(routes)));
        admin.add(Addresses.prefix("10.2.0.0/16"), Addresses.parse("192.0.2.2"));
        admin.addInterface(Addresses.prefix("10.9.0.0/16"), "tun0");
        assertTrue(admin.delete(Addresses.prefix("10.2.0.0/16")));
        assertFalse(admin.delete(Addresses.prefix("10.2.0.0/16")));
        assertEquals(List.of("10.2.0.0/16 192.0.2.2", "10.2.0.0/16 192.0.2.2, 10.9.0.0/16 -interface tun0",
                "10.9.0.0/16 -interface tun0"), stored);
        List<String> problems = admin.apply("10.3.0.0/16 192.0.2.3, bogus, 10.4.0.0/16 192.0.2.4");
        assertEquals(List.of("route: expected DEST GATEWAY or DEST -interface PORT: bogus"), problems);
        assertEquals(2, t.statics().size(), "the good entries apply, the configuration replaces what was there");
        admin.apply(null);
        assertEquals(0, t.statics().size());
    }
}
