package org.ipsec4j.setkey.print;

import static org.ipsec4j.setkey.print.TestEntries.ip;
import static org.ipsec4j.setkey.print.TestEntries.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.ipsec4j.api.policy.Direction;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.api.policy.IpsecRequest;
import org.ipsec4j.api.policy.Level;
import org.ipsec4j.api.policy.PolicyAction;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.Selector;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.setkey.print.TestEntries.FixedPolicy;
import org.junit.jupiter.api.Test;

class SpdDumpPrinterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:05Z"), ZoneOffset.UTC);
    private static final long CREATED = millis("2026-11-27T10:00:00Z");
    private static final SpdDumpPrinter PRINTER = new SpdDumpPrinter(CLOCK, 4242);

    private static IpPrefix prefix(String address, int length) {
        return new IpPrefix(ip(address), length);
    }

    private static Selector hosts(String src, String dst) {
        return Selector.of(IpPrefix.host(ip(src)), IpPrefix.host(ip(dst)), Selector.ANY_PROTOCOL);
    }

    private static FixedPolicy entry(SecurityPolicy p, long id) {
        return new FixedPolicy(p, id, CREATED, 0, 0);
    }

    @Test
    void theKameGuidePolicy() {
        SecurityPolicy p = SecurityPolicy.of(hosts("10.1.1.1", "10.2.2.2"), Direction.OUT, PolicyAction.IPSEC,
                List.of(IpsecRequest.of(SaProtocol.ESP, IpsecMode.TRANSPORT, Level.USE)));
        String expected = """
                10.1.1.1[any] 10.2.2.2[any] any
                \tout ipsec
                \tesp/transport//use
                \tcreated: Nov 27 10:00:00 2026  lastused:                     \n\
                \tlifetime: 0(s) validtime: 0(s)
                \tspid=1 seq=0 pid=4242
                \trefcnt=1
                """;
        assertEquals(expected, PRINTER.dump(List.of(entry(p, 1))));
    }

    @Test
    void noEntries() {
        assertEquals("No SPD entries.\n", PRINTER.dump(List.of()));
    }

    @Test
    void tunnelPrefixesPortsLastUseAndSeqCountingDown() {
        SecurityPolicy tunnel = SecurityPolicy.of(
                Selector.of(prefix("10.1.1.0", 24), prefix("10.2.2.0", 24), Selector.ANY_PROTOCOL), Direction.OUT,
                PolicyAction.IPSEC, List.of(new IpsecRequest(SaProtocol.ESP, IpsecMode.TUNNEL, ip("10.1.1.1"), 0,
                        ip("10.2.2.2"), 0, Level.REQUIRE, 0)));
        SecurityPolicy web = SecurityPolicy.of(new Selector(prefix("10.1.1.0", 24), 0, IpPrefix.host(ip("10.2.2.2")),
                443, 6, Selector.ANY_ICMP, Selector.ANY_ICMP), Direction.IN, PolicyAction.NONE, List.of());
        SecurityPolicy drop = SecurityPolicy.of(hosts("10.9.9.9", "10.1.1.1"), Direction.FWD, PolicyAction.DISCARD,
                List.of());
        FixedPolicy used = new FixedPolicy(web, 9, CREATED, millis("2026-11-27T10:00:03Z"), 4);
        String out = PRINTER.dump(List.of(entry(tunnel, 1), used, entry(drop, 17)));
        String expected = """
                10.1.1.0/24[any] 10.2.2.0/24[any] any
                \tout ipsec
                \tesp/tunnel/10.1.1.1-10.2.2.2/require
                \tcreated: Nov 27 10:00:00 2026  lastused:                     \n\
                \tlifetime: 0(s) validtime: 0(s)
                \tspid=1 seq=2 pid=4242
                \trefcnt=1
                10.1.1.0/24[any] 10.2.2.2[443] tcp
                \tin none
                \tcreated: Nov 27 10:00:00 2026  lastused: Nov 27 10:00:03 2026
                \tlifetime: 0(s) validtime: 0(s)
                \tspid=9 seq=1 pid=4242
                \trefcnt=1
                10.9.9.9[any] 10.1.1.1[any] any
                \tfwd discard
                \tcreated: Nov 27 10:00:00 2026  lastused:                     \n\
                \tlifetime: 0(s) validtime: 0(s)
                \tspid=17 seq=0 pid=4242
                \trefcnt=1
                """;
        assertEquals(expected, out);
    }

    @Test
    void severalRulesOnePerLineWithUnique() {
        SecurityPolicy p = SecurityPolicy.of(hosts("2001:db8::1", "2001:db8::2"), Direction.OUT, PolicyAction.IPSEC,
                List.of(IpsecRequest.of(SaProtocol.IPCOMP, IpsecMode.TRANSPORT, Level.USE),
                        new IpsecRequest(SaProtocol.ESP, IpsecMode.TRANSPORT, null, 0, null, 0, Level.UNIQUE, 5),
                        new IpsecRequest(SaProtocol.AH, IpsecMode.TUNNEL, ip("2001:db8:0:0:1::1"), 0,
                                ip("2001:db8:0:0:2::1"), 0, Level.UNIQUE, 20000)));
        List<String> lines = PRINTER.dump(List.of(entry(p, 3))).lines().toList();
        assertEquals(List.of("2001:db8::1[any] 2001:db8::2[any] any", "\tout ipsec", "\tipcomp/transport//use",
                "\tesp/transport//unique:5", "\tah/tunnel/2001:db8::1:0:0:1-2001:db8::2:0:0:1/unique#20000"),
                lines.subList(0, 5));
    }

    @Test
    void icmpTypeAndCodeFollowTheProtocolWithoutPorts() {
        Selector echo = new Selector(IpPrefix.host(ip("10.0.0.1")), 0, prefix("10.0.0.0", 8), 0, 1, 8, 0);
        Selector anyIcmp = Selector.of(IpPrefix.host(ip("10.0.0.1")), IpPrefix.host(ip("10.0.0.2")), 1);
        Selector ns = new Selector(IpPrefix.host(ip("::")), 0, prefix("ff02::", 16), 0, 58, 135, Selector.ANY_ICMP);
        Selector gre = new Selector(IpPrefix.host(ip("10.0.0.1")), 1, IpPrefix.host(ip("10.0.0.2")), 2, 47,
                Selector.ANY_ICMP, Selector.ANY_ICMP);
        Selector proto = Selector.of(prefix("0.0.0.0", 0), prefix("0.0.0.0", 0), 253);
        assertEquals("10.0.0.1 10.0.0.0/8 icmp 8,0", SpdDumpPrinter.selector(echo));
        assertEquals("10.0.0.1 10.0.0.2 icmp", SpdDumpPrinter.selector(anyIcmp));
        assertEquals(":: ff02::/16 ipv6-icmp 135", SpdDumpPrinter.selector(ns));
        assertEquals("10.0.0.1 10.0.0.2 gre 65538", SpdDumpPrinter.selector(gre));
        assertEquals("0.0.0.0/0[any] 0.0.0.0/0[any] 253", SpdDumpPrinter.selector(proto));
    }

    @Test
    void priorityAsIpsecToolsShowsIt() {
        long def = SecurityPolicy.PRIORITY_DEFAULT;
        assertEquals("", SpdDumpPrinter.priority(def));
        assertEquals("prio def + 5", SpdDumpPrinter.priority(def - 5));
        assertEquals("prio def - 5", SpdDumpPrinter.priority(def + 5));
        assertEquals("prio high", SpdDumpPrinter.priority(SecurityPolicy.PRIORITY_HIGH));
        assertEquals("prio high + 1073741824", SpdDumpPrinter.priority(0));
        assertEquals("prio low", SpdDumpPrinter.priority(SecurityPolicy.PRIORITY_LOW));
        assertEquals("prio low - 1073741823", SpdDumpPrinter.priority(0xFFFFFFFFL));
        assertEquals("prio def + 536870912", SpdDumpPrinter.priority(0x60000000L));
        assertEquals("prio high - 536870911", SpdDumpPrinter.priority(0x5FFFFFFFL));
        assertEquals("prio low + 536870912", SpdDumpPrinter.priority(0xA0000000L));

        SecurityPolicy p = new SecurityPolicy(hosts("10.1.1.1", "10.2.2.2"), Direction.OUT, def - 5,
                PolicyAction.IPSEC, List.of(IpsecRequest.of(SaProtocol.ESP, IpsecMode.TRANSPORT, Level.USE)));
        assertEquals("\tout prio def + 5 ipsec", PRINTER.dump(List.of(entry(p, 1))).lines().toList().get(1));
    }
}
