package org.ipsec4j.setkey.parse;

import static org.ipsec4j.setkey.parse.Parsing.fails;
import static org.ipsec4j.setkey.parse.Parsing.ip;
import static org.ipsec4j.setkey.parse.Parsing.one;
import static org.ipsec4j.setkey.parse.Parsing.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.ipsec4j.setkey.Position;
import org.ipsec4j.setkey.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** spdadd, spdupdate, spddelete: selectors, upper-layer protocols, -ctx, and the statement around the policy. */
class PolicyStatementParserTest {
    static final String NONE = " -P out none;";

    static Selector selector(String input) {
        return policy(input).selector();
    }

    @Test
    void hostAddressesGetFullPrefixesAndAnyPorts() {
        Selector s = selector("spdadd 10.1.1.1 10.2.2.2 any" + NONE);
        assertEquals(new IpPrefix(ip("10.1.1.1"), 32), s.source());
        assertEquals(new IpPrefix(ip("10.2.2.2"), 32), s.destination());
        assertEquals(32, s.source().length());
        assertEquals(Selector.ANY_PORT, s.sourcePort());
        assertEquals(Selector.ANY_PORT, s.destinationPort());
        assertEquals(Selector.ANY_PROTOCOL, s.upperLayer());
        assertEquals(Selector.ANY_ICMP, s.icmpType());
        assertEquals(Selector.ANY_ICMP, s.icmpCode());
        assertEquals(128, selector("spdadd ::1 ::2 any" + NONE).destination().length());
    }

    @Test
    void prefixesAndPorts() {
        Selector s = selector("spdadd 10.0.11.41/32[21] 10.0.11.33/32[any] tcp" + NONE);
        assertEquals(21, s.sourcePort());
        assertEquals(0, s.destinationPort());
        assertEquals(6, s.upperLayer());
        Selector v6 = selector("spdadd -6 2001:db8:1::/48 [ 500 ] 2001:db8:2::/64[4500] udp" + NONE);
        assertEquals(new IpPrefix(ip("2001:db8:1::"), 48), v6.source());
        assertEquals(500, v6.sourcePort());
        assertEquals(64, v6.destination().length());
        assertEquals(4500, v6.destinationPort());
        Selector all = selector("spdadd 0.0.0.0/0 0.0.0.0/0 any" + NONE);
        assertEquals(0, all.source().length());
        assertEquals("10.1.2.3/24", selector("spdadd 10.1.2.3/24 10.0.0.0/8 any" + NONE).source().toString());
    }

    @Test
    void rangeErrors() {
        fails("spdadd 10.1.1.1/33 10.2.2.2 any" + NONE, 1, 17, "33",
                "prefix length \"33\" out of range for an IPv4 address (0 to 32)");
        fails("spdadd ::/129 ::/0 any" + NONE, 1, 11, "129",
                "prefix length \"129\" out of range for an IPv6 address (0 to 128)");
        fails("spdadd 10.1.1.1/x 10.2.2.2 any" + NONE, 1, 17, "x", "invalid prefix length \"x\" (expected a number 0 to 32)");
        fails("spdadd 10.1.1.1/ 10.2.2.2 any" + NONE, 1, 18, "10.2.2.2",
                "invalid prefix length \"10.2.2.2\" (expected a number 0 to 32)");
        fails("spdadd 10.1.1.1/[80] 10.2.2.2 any" + NONE, 1, 17, "[",
                "expected a prefix length after \"/\", found \"[\"");
        fails("spdadd 10.1.1.1[80]/32 10.2.2.2 any" + NONE, 1, 20, "/",
                "the prefix length goes before the port: address/prefixlen[port]");
        fails("spdadd 10.1.1.1 10.2.2.2[http] tcp" + NONE, 1, 26, "http",
                "invalid port \"http\" (expected a number 0 to 65535, or any)");
        fails("spdadd 10.1.1.0/24 ::/0 any" + NONE, 1, 20, "::/0".substring(0, 2),
                "source and destination ranges must be of one address family: IPv4 and IPv6 given");
        fails("spdadd -4 ::/0 ::/0 any" + NONE, 1, 11, "::", "\"::\" is an IPv6 address, but -4 allows only IPv4 addresses");
        fails("spdadd gateway.example 10.2.2.2 any" + NONE, 1, 8, "gateway.example",
                "host names are not resolved: write a numeric IPv4 or IPv6 address instead of \"gateway.example\"");
    }

    @ParameterizedTest
    @CsvSource({"any, 255", "0, 0", "255, 255", "tcp, 6", "udp, 17", "icmp, 1", "icmp6, 58", "ipv6-icmp, 58",
            "gre, 47", "ip4, 4", "ipv4, 4", "ipencap, 4", "esp, 50", "ah, 51", "ipcomp, 108", "sctp, 132",
            "ospf, 89", "OSPFIGP, 89", "ipv6, 41", "udplite, 136", "mobility-header, 135", "17, 17"})
    void upperLayerProtocols(String spec, int number) {
        assertEquals(number, selector("spdadd 10.1.1.1 10.2.2.2 " + spec + NONE).upperLayer());
    }

    @Test
    void upperLayerErrors() {
        fails("spdadd 10.1.1.1 10.2.2.2 256" + NONE, 1, 26, "256", "upper-layer protocol out of range: \"256\" (0 to 255)");
        fails("spdadd 10.1.1.1 10.2.2.2 tcpp" + NONE, 1, 26, "tcpp", "unknown upper-layer protocol \"tcpp\" (expected"
                + " any, a number 0 to 255, or a name such as tcp, udp, icmp, icmp6, gre or sctp)");
        fails("spdadd 10.1.1.1 10.2.2.2 -P out none;", 1, 26, "-P",
                "expected an upper-layer protocol (any, a name such as tcp or icmp6, or a number), found \"-P\"");
        fails("spdadd 10.1.1.1 10.2.2.2 tcp 80" + NONE, 1, 30, "80", "unexpected \"80\" after \"tcp\": a type,code"
                + " follows only icmp, icmp6 and mobility-header, a key only gre; ports go in brackets after the"
                + " addresses");
    }

    @Test
    void icmpTypeAndCode() {
        Selector ns = selector("spdadd ::/0 ::/0 icmp6 135,0 -P in none ;");
        assertEquals(58, ns.upperLayer());
        assertEquals(135, ns.icmpType());
        assertEquals(0, ns.icmpCode());
        Selector echo = selector("spdadd 0.0.0.0/0 0.0.0.0/0 icmp 8" + NONE);
        assertEquals(8, echo.icmpType());
        assertEquals(Selector.ANY_ICMP, echo.icmpCode());
        Selector byNumber = selector("spdadd ::/0[any] ::/0[any] 58 136,0" + NONE);
        assertEquals(136, byNumber.icmpType());
        Selector mh = selector("spdadd ::/0 ::/0 mobility-header 5" + NONE);
        assertEquals(5, mh.icmpType());
        fails("spdadd ::/0 ::/0 icmp6 135,256" + NONE, 1, 24, "135,256",
                "invalid type,code \"135,256\" (expected type or type,code, each 0 to 255, e.g. 135,0)");
        fails("spdadd ::/0 ::/0 icmp6 1,2,3" + NONE, 1, 24, "1,2,3",
                "invalid type,code \"1,2,3\" (expected type or type,code, each 0 to 255, e.g. 135,0)");
        fails("spdadd ::/0[1] ::/0 icmp6" + NONE, 1, 21, "icmp6",
                "ports do not apply to icmp6: write its type and code after the protocol instead, e.g. icmp6 8,0");
    }

    @Test
    void greKeysGoIntoThePortFieldsAsSetkeyDoes() {
        Selector s = selector("spdadd 0.0.0.0 0.0.0.0 gre 1234" + NONE);
        assertEquals(47, s.upperLayer());
        assertEquals(0, s.sourcePort());
        assertEquals(1234, s.destinationPort());
        Selector dotted = selector("spdadd 0.0.0.0 0.0.0.0 gre 1.2.3.4" + NONE);
        assertEquals(0x0102, dotted.sourcePort());
        assertEquals(0x0304, dotted.destinationPort());
        Selector big = selector("spdadd 0.0.0.0 0.0.0.0 gre 4294967295" + NONE);
        assertEquals(0xffff, big.sourcePort());
        assertEquals(0xffff, big.destinationPort());
        fails("spdadd 0.0.0.0 0.0.0.0 gre 4294967296" + NONE, 1, 28, "4294967296", "invalid GRE key \"4294967296\""
                + " (expected a number 0 to 4294967295 or a dotted quad such as 0.0.4.210)");
        fails("spdadd 0.0.0.0[1] 0.0.0.0 gre 5" + NONE, 1, 31, "5",
                "write the GRE key after the protocol or as ports, not both");
    }

    @Test
    void securityContextLabelIsReadAndChecked() {
        SecurityPolicy p = policy("spdadd 10.0.11.41 10.0.11.33 any\n\t-ctx 1 1"
                + " \"system_u:system_r:unconfined_t:SystemLow-SystemHigh\"\n\t-P out ipsec esp/transport//require ;");
        assertEquals(PolicyAction.IPSEC, p.action());
        fails("spdadd 10.0.11.41 10.0.11.33 any -ctx 1 1 label -P out none;", 1, 43, "label",
                "expected a quoted context label after -ctx doi algorithm, found \"label\"");
    }

    @Test
    void missingPolicy() {
        fails("spdadd 10.1.1.1 10.2.2.2 any;", 1, 29, ";",
                "expected -P and a policy after the upper-layer protocol, found \";\"");
        fails("spdadd 10.1.1.1 10.2.2.2 any out ipsec esp/transport//use;", 1, 30, "out",
                "unexpected \"out\" after \"any\": a type,code follows only icmp, icmp6 and mobility-header, a key"
                        + " only gre; ports go in brackets after the addresses");
        fails("spdadd 10.1.1.1 10.2.2.2 any -p out none;", 1, 30, "-p",
                "expected -P and a policy after the upper-layer protocol, found \"-p\"");
        fails("spdadd 10.1.1.1 10.2.2.2 any -P out none", 1, 41, "",
                "unexpected end of input, expected \";\" after the policy");
    }

    @Test
    void taggedPoliciesAreRefused() {
        fails("spdadd tagged \"foo\" -P out ipsec esp/transport//require;", 1, 8, "tagged",
                "spdadd tagged (policies on PF tags) is not supported; write spdadd src_range dst_range upperspec"
                        + " -P policy");
    }

    @Test
    void spdupdate() {
        Statement.SpdUpdate u = one("spdupdate 10.1.1.0/24 10.2.2.0/24 any -P fwd ipsec esp/tunnel/10.1.1.1-10.2.2.2/require;",
                Statement.SpdUpdate.class);
        assertEquals(Direction.FWD, u.policy().direction());
        assertEquals(List.of(new IpsecRequest(SaProtocol.ESP, IpsecMode.TUNNEL, ip("10.1.1.1"), 0, ip("10.2.2.2"), 0,
                Level.REQUIRE, 0)), u.policy().rules());
    }

    @Test
    void spddeleteTakesADirectionAndIgnoresThePolicy() {
        Statement.SpdDelete d = one("spddelete 10.1.1.0/24[any] 10.2.2.0/24[any] any -P out;",
                Statement.SpdDelete.class);
        assertEquals(Direction.OUT, d.direction());
        assertEquals(new IpPrefix(ip("10.1.1.0"), 24), d.selector().source());
        assertEquals(new Position(1, 1), d.position());
        Statement.SpdDelete full = one("spddelete -6 ::/0 ::/0 icmp6 135,0 -P in prio high none;",
                Statement.SpdDelete.class);
        assertEquals(Direction.IN, full.direction());
        assertEquals(135, full.selector().icmpType());
        assertEquals(Direction.OUT, one("spddelete 10.1.1.1 10.2.2.2 any -P out ipsec;", Statement.SpdDelete.class)
                .direction());
        fails("spddelete 10.1.1.1 10.2.2.2 any -P ;", 1, 36, ";",
                "expected a policy direction (in, out or fwd) after -P, found \";\"");
        fails("spddelete 10.1.1.1 10.2.2.2 any -P out ipsec esp/bogus//use;", 1, 50, "bogus",
                "unknown mode \"bogus\" in policy rule (expected transport or tunnel)");
    }

    @Test
    void theWholePolicyValue() {
        SecurityPolicy p = policy("spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transport//use;");
        assertEquals(new SecurityPolicy(Selector.of(IpPrefix.host(ip("10.1.1.1")), IpPrefix.host(ip("10.2.2.2")), 255),
                Direction.OUT, SecurityPolicy.PRIORITY_DEFAULT, PolicyAction.IPSEC,
                List.of(IpsecRequest.of(SaProtocol.ESP, IpsecMode.TRANSPORT, Level.USE))), p);
    }
}
