package org.ipsec4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ipsec4j.api.io.PortCounters;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.engine.admin.GatewayStatus;
import org.ipsec4j.engine.admin.PortInfo;
import org.ipsec4j.engine.admin.RouteInfo;
import org.ipsec4j.engine.admin.Routes;
import org.ipsec4j.engine.admin.StatSection;
import org.ipsec4j.engine.admin.Sysctl;
import org.ipsec4j.engine.admin.SysctlValue;
import org.junit.jupiter.api.Test;

/** ipsec:sysctl, ipsec:route, ipsec:ports and ipsec:stat against fakes of the gateway's services. */
class AdminShellsTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    /** Two MIBs, ranges 0..1 and 1..2. */
    private static final class FakeSysctl implements Sysctl {
        final Map<String, Integer> values = new LinkedHashMap<>(Map.of("net.inet.ip.forwarding", 0));

        FakeSysctl() {
            values.put("net.inet.ipsec.esp_trans_deflev", 1);
        }

        private SysctlValue v(String n) {
            boolean fwd = n.endsWith("forwarding");
            return new SysctlValue(n, values.get(n), fwd ? 0 : 1, fwd ? 1 : 2, fwd ? 0 : 1, fwd ? "forward" : "level");
        }

        @Override public List<SysctlValue> list() { return values.keySet().stream().map(this::v).toList(); }
        @Override public Optional<SysctlValue> get(String name) {
            return values.containsKey(name) ? Optional.of(v(name)) : Optional.empty();
        }
        @Override public SysctlValue set(String name, String value) {
            if (!values.containsKey(name)) throw new IllegalArgumentException("sysctl: unknown oid '" + name + "'");
            int n = Integer.parseInt(value);
            if (n < v(name).min() || n > v(name).max()) {
                throw new IllegalArgumentException(name + ": value " + n + " out of range");
            }
            values.put(name, n);
            return v(name);
        }
    }

    @Test
    void sysctlListsShowsAndSets() {
        FakeSysctl f = new FakeSysctl();
        SysctlShell s = new SysctlShell(f);
        assertEquals(0, s.run(List.of(), out, err).status());
        assertEquals("net.inet.ip.forwarding: 0\nnet.inet.ipsec.esp_trans_deflev: 1\n", out());
        outBytes.reset();
        assertEquals(0, s.run(List.of("net.inet.ip.forwarding=1"), out, err).status());
        assertEquals("net.inet.ip.forwarding: 0 -> 1\n", out());
        assertEquals(1, f.values.get("net.inet.ip.forwarding"));
        outBytes.reset();
        assertEquals(0, s.run(List.of("net.inet.ipsec"), out, err).status());
        assertEquals("net.inet.ipsec.esp_trans_deflev: 1\n", out(), "a subtree");
        outBytes.reset();
        assertEquals(0, s.run(List.of("-d", "net.inet.ip.forwarding"), out, err).status());
        assertEquals("net.inet.ip.forwarding: forward (0..1, default 0)\n", out());
        ShellOutcome bad = s.run(List.of("net.inet.nosuch"), out, err);
        assertEquals(1, bad.status());
        assertEquals("sysctl: unknown oid 'net.inet.nosuch'\n", err());
        ShellOutcome range = s.run(List.of("net.inet.ipsec.esp_trans_deflev=3"), out, err);
        assertEquals(1, range.status());
        assertEquals("net.inet.ipsec.esp_trans_deflev: value 3 out of range", range.message());
        assertEquals(2, s.run(List.of("-x"), out, err).status());
    }

    /** Records calls; lists what it was given. */
    private static final class FakeRoutes implements Routes {
        final List<String> calls = new ArrayList<>();
        final List<RouteInfo> table = new ArrayList<>();

        @Override public List<RouteInfo> list() { return table; }
        @Override public Optional<RouteInfo> lookup(InetAddress d) {
            return table.stream().filter(r -> r.destination().contains(d) && r.usable()).findFirst();
        }
        @Override public void add(IpPrefix d, InetAddress gw) { calls.add("add " + d + " " + gw.getHostAddress()); }
        @Override public void addInterface(IpPrefix d, String port) { calls.add("iface " + d + " " + port); }
        @Override public boolean delete(IpPrefix d) {
            calls.add("delete " + d);
            return d.toString().startsWith("198.51.100.0");
        }
    }

    @Test
    void routeAddsDeletesAndShows() throws Exception {
        FakeRoutes f = new FakeRoutes();
        RouteShell s = new RouteShell(f);
        assertEquals(0, s.run(List.of("add", "198.51.100.0/24", "192.0.2.254"), out, err).status());
        assertEquals(0, s.run(List.of("add", "-net", "default", "2001:db8::1"), out, err).status());
        assertEquals(0, s.run(List.of("add", "10.9.0.0/16", "-interface", "tun0"), out, err).status());
        assertEquals(0, s.run(List.of("delete", "198.51.100.0/24"), out, err).status());
        assertEquals(List.of("add 198.51.100.0/24 192.0.2.254", "add 0:0:0:0:0:0:0:0/0 2001:db8:0:0:0:0:0:1",
                "iface 10.9.0.0/16 tun0", "delete 198.51.100.0/24"), f.calls);
        assertEquals("add net 198.51.100.0/24: gateway 192.0.2.254\nadd net ::/0: gateway 2001:db8::1\n"
                + "add net 10.9.0.0/16: interface tun0\ndelete net 198.51.100.0/24\n", out());
        ShellOutcome missing = s.run(List.of("delete", "203.0.113.0/24"), out, err);
        assertEquals(1, missing.status());
        assertEquals("route: not in table: 203.0.113.0/24", missing.message());
        assertEquals(1, s.run(List.of("add", "10.0.0.0/8", "2001:db8::1"), out, err).status(), "families differ");
        assertEquals(1, s.run(List.of("add", "10.0.0.0/8", "gw.example"), out, err).status());
        assertEquals(2, s.run(List.of("add", "10.0.0.0/8"), out, err).status());

        outBytes.reset();
        f.table.add(new RouteInfo(new IpPrefix(AddressText.parse("192.0.2.0"), 24), null, "wan0", "UC"));
        f.table.add(new RouteInfo(new IpPrefix(AddressText.parse("0.0.0.0"), 0), AddressText.parse("192.0.2.254"),
                "wan0", "UGS"));
        f.table.add(new RouteInfo(new IpPrefix(AddressText.parse("2001:db8::"), 64), null, "wan0", "UC"));
        assertEquals(0, s.run(List.of(), out, err).status());
        assertEquals(String.join("\n",
                "Internet:",
                String.format("%-28s %-26s %-6s %s", "Destination", "Gateway", "Flags", "Netif"),
                String.format("%-28s %-26s %-6s %s", "192.0.2.0/24", "link#wan0", "UC", "wan0"),
                String.format("%-28s %-26s %-6s %s", "default", "192.0.2.254", "UGS", "wan0"),
                "Internet6:",
                String.format("%-28s %-26s %-6s %s", "Destination", "Gateway", "Flags", "Netif"),
                String.format("%-28s %-26s %-6s %s", "2001:db8::/64", "link#wan0", "UC", "wan0"), ""), out());
        outBytes.reset();
        assertEquals(0, s.run(List.of("get", "198.51.100.7"), out, err).status());
        assertTrue(out().contains("    gateway: 192.0.2.254\n  interface: wan0\n"), out());
    }

    private static final GatewayStatus STATUS = new GatewayStatus() {
        @Override
        public List<PortInfo> ports() {
            return List.of(new PortInfo("wan0", "network", true,
                    List.of(new IpPrefix(AddressText.parse("192.0.2.1"), 24),
                            new IpPrefix(AddressText.parse("2001:db8::1"), 64)),
                    1500, new PortCounters(10, 1000, 20, 2000, 3)));
        }

        @Override
        public List<StatSection> statistics() {
            return List.of(new StatSection("ipsec", List.of(new StatSection.Line(5, "inbound packets processed successfully"),
                    new StatSection.Line(0, "inbound packets failed on replay check"))),
                    new StatSection("ip", List.of(new StatSection.Line(7, "packets forwarded"))));
        }
    };

    @Test
    void portsAndStatistics() {
        assertEquals(0, new PortsShell(STATUS).run(List.of(), out, err).status());
        assertEquals("wan0: role network, running, mtu 1500\n\taddresses 192.0.2.1/24 2001:db8::1/64\n"
                + "\tin 10 packets 1000 bytes, out 20 packets 2000 bytes, dropped 3\n", out());
        outBytes.reset();
        StatShell stat = new StatShell(STATUS);
        assertEquals(0, stat.run(List.of(), out, err).status());
        assertEquals("ipsec:\n\t5 inbound packets processed successfully\n\t0 inbound packets failed on replay check\n"
                + "ip:\n\t7 packets forwarded\n", out());
        outBytes.reset();
        assertEquals(0, stat.run(List.of("-z", "-p", "ipsec"), out, err).status());
        assertEquals("ipsec:\n\t5 inbound packets processed successfully\n", out());
        assertEquals(1, stat.run(List.of("-p", "tcp"), out, err).status());
        assertEquals("ipsec:stat: unknown protocol tcp\n", err());
    }

    @Test
    void ipv6AddressesInTheirShortForm() {
        assertEquals("2001:db8::1", AddressText.of(AddressText.parse("2001:0db8:0:0:0:0:0:1")));
        assertEquals("::", AddressText.of(AddressText.parse("::")));
        assertEquals("2001:db8:0:1::", AddressText.of(AddressText.parse("2001:db8:0:1:0:0:0:0")));
        assertEquals("2001:0:0:1::1", AddressText.of(AddressText.parse("2001:0:0:1:0:0:0:1")), "the longest run");
        assertEquals("2001::1:0:0:1", AddressText.of(AddressText.parse("2001:0:0:0:1:0:0:1")));
        assertEquals("fe80::1:2", AddressText.of(AddressText.parse("fe80::1:2")));
    }
}
