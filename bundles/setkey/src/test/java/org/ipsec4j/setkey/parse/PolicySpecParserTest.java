package org.ipsec4j.setkey.parse;

import static org.ipsec4j.setkey.parse.Parsing.fails;
import static org.ipsec4j.setkey.parse.Parsing.ip;
import static org.ipsec4j.setkey.parse.Parsing.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.Inet6Address;
import java.util.List;
import org.ipsec4j.api.policy.Direction;
import org.ipsec4j.api.policy.IpsecRequest;
import org.ipsec4j.api.policy.Level;
import org.ipsec4j.api.policy.PolicyAction;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy after -P: direction, priority, action, rules and levels. */
class PolicySpecParserTest {
    static final String SEL = "spdadd 10.1.1.0/24 10.2.2.0/24 any ";
    /** Column of the first character after {@code SEL + "-P "}. */
    static final int P = SEL.length() + 4;

    static List<IpsecRequest> rules(String policy) {
        return policy(SEL + "-P " + policy + ";").rules();
    }

    static IpsecRequest rule(String policy) {
        List<IpsecRequest> r = rules(policy);
        assertEquals(1, r.size());
        return r.get(0);
    }

    @ParameterizedTest
    @CsvSource({"in, IN", "out, OUT", "fwd, FWD"})
    void directions(String text, Direction d) {
        assertEquals(d, policy(SEL + "-P " + text + " none;").direction());
    }

    @ParameterizedTest
    @CsvSource({"discard, DISCARD", "none, NONE", "entrust, ENTRUST", "bypass, BYPASS"})
    void actionsWithoutRules(String text, PolicyAction a) {
        SecurityPolicy p = policy(SEL + "-P out " + text + " ;");
        assertEquals(a, p.action());
        assertEquals(List.of(), p.rules());
    }

    @Test
    void missingDirectionSuggestsOut() {
        fails(SEL + "-P ipsec esp/transport//use;", 1, P, "ipsec",
                "policy direction missing before \"ipsec\" (expected in, out or fwd, e.g. -P out ipsec ...)");
        fails(SEL + "-P none;", 1, P, "none",
                "policy direction missing before \"none\" (expected in, out or fwd, e.g. -P out none ...)");
        fails(SEL + "-P inbound none;", 1, P, "inbound", "unknown policy direction \"inbound\" (expected in, out or fwd)");
        fails(SEL + "-P", 1, P - 1, "", "unexpected end of input, expected a policy direction (in, out or fwd) after -P");
    }

    @Test
    void actionErrors() {
        fails(SEL + "-P out;", 1, P + 3, ";",
                "expected a policy action (discard, none, ipsec, entrust or bypass) after \"out\", found \";\"");
        fails(SEL + "-P out [;", 1, P + 4, "[",
                "expected a policy action (discard, none, ipsec, entrust or bypass), found \"[\"");
        fails(SEL + "-P out accept;", 1, P + 4, "accept",
                "unknown policy action \"accept\" (expected discard, none, ipsec, entrust or bypass)");
        fails(SEL + "-P out discard esp/transport//use;", 1, P + 12, "esp",
                "a discard policy takes no rules; expected \";\"");
        fails(SEL + "-P out ipsec;", 1, P + 9, ";", "expected a rule after \"ipsec\" (protocol/mode/src-dst/level,"
                + " e.g. esp/transport//require), found \";\"");
        fails(SEL + "-P out ipsec \"esp\";", 1, P + 10, "\"esp\"", "expected a rule after \"ipsec\""
                + " (protocol/mode/src-dst/level, e.g. esp/transport//require), found a quoted string of 3 characters (not shown: it may be a key)");
        fails(SEL + "-P out none \"x\";", 1, P + 9, "\"x\"", "expected \";\" after the policy, found a quoted string of 1 character (not shown: it may be a key)");
    }

    @ParameterizedTest
    @CsvSource({
            "prio 0, 2147483648", "priority 10, 2147483638", "prio 2147483648, 0", "prio -10, 2147483658",
            "priority - 2147483647, 4294967295", "prio low, 3221225472", "prio def, 2147483648",
            "prio high, 1073741824", "prio low + 1073741824, 2147483648", "prio low - 1073741823, 4294967295",
            "prio high + 1073741824, 0", "prio def+5, 2147483643", "prio def -5, 2147483653",
            "priority high - 0, 1073741824"})
    void priorities(String spec, long expected) {
        assertEquals(expected, policy(SEL + "-P out " + spec + " none;").priority());
    }

    @Test
    void withoutPriorityTheDefault() {
        assertEquals(SecurityPolicy.PRIORITY_DEFAULT, policy(SEL + "-P in none;").priority());
    }

    @Test
    void priorityErrors() {
        String form = " (expected N, -N, or low, def or high optionally followed by + N or - N)";
        String after = "a priority after \"prio\" (N, -N, or low, def or high optionally followed by + N or - N)";
        fails(SEL + "-P out prio 2147483649 none;", 1, P + 9, "2147483649",
                "priority offset out of range: \"2147483649\" (at most 2147483648 after \"prio\")");
        fails(SEL + "-P out prio -2147483648 none;", 1, P + 10, "2147483648",
                "priority offset out of range: \"2147483648\" (at most 2147483647 after \"prio -\")");
        fails(SEL + "-P out prio low + 1073741825 none;", 1, P + 15, "1073741825",
                "priority offset out of range: \"1073741825\" (at most 1073741824 after \"low +\")");
        fails(SEL + "-P out prio high - 1073741824 none;", 1, P + 16, "1073741824",
                "priority offset out of range: \"1073741824\" (at most 1073741823 after \"high -\")");
        fails(SEL + "-P out prio medium none;", 1, P + 9, "medium", "invalid priority \"medium\"" + form);
        fails(SEL + "-P out prio +5 none;", 1, P + 9, "+", "invalid priority \"+\"" + form);
        fails(SEL + "-P out prio;", 1, P + 8, ";", "expected " + after + ", found \";\"");
        fails(SEL + "-P out prio def + none;", 1, P + 15, "none",
                "expected a decimal priority offset after \"def +\", found \"none\"");
    }

    @Test
    void rulesInEveryShape() {
        assertEquals(IpsecRequest.of(SaProtocol.ESP, IpsecMode.TRANSPORT, Level.REQUIRE),
                rule("out ipsec esp/transport//require"));
        assertEquals(IpsecRequest.of(SaProtocol.AH, IpsecMode.TRANSPORT, Level.DEFAULT), rule("out ipsec ah/transport"));
        assertEquals(IpsecRequest.of(SaProtocol.IPCOMP, IpsecMode.TRANSPORT, Level.DEFAULT),
                rule("out ipsec ipcomp/transport/"));
        assertEquals(new IpsecRequest(SaProtocol.ESP, IpsecMode.TUNNEL, ip("10.1.1.1"), 0, ip("10.2.2.2"), 0,
                Level.USE, 0), rule("out ipsec esp/tunnel/10.1.1.1-10.2.2.2/use"));
        assertEquals(new IpsecRequest(SaProtocol.ESP, IpsecMode.TUNNEL, ip("10.1.1.1"), 0, ip("10.2.2.2"), 0,
                Level.DEFAULT, 0), rule("out ipsec esp/tunnel/10.1.1.1-10.2.2.2"));
        assertEquals(new IpsecRequest(SaProtocol.ESP, IpsecMode.TUNNEL, ip("10.1.1.1"), 0, ip("10.2.2.2"), 0,
                Level.DEFAULT, 0), rule("out ipsec esp/tunnel/10.1.1.1-10.2.2.2/"));
        assertEquals(new IpsecRequest(SaProtocol.ESP, IpsecMode.TRANSPORT, ip("10.1.1.1"), 0, ip("10.2.2.2"), 0,
                Level.REQUIRE, 0), rule("out ipsec esp/transport/10.1.1.1-10.2.2.2/require"));
    }

    @Test
    void blanksInsideARuleAreAllowedAsInLibipsec() {
        assertEquals(new IpsecRequest(SaProtocol.ESP, IpsecMode.TUNNEL, ip("10.1.1.1"), 0, ip("10.2.2.2"), 0,
                Level.REQUIRE, 0), rule("out ipsec esp / tunnel / 10.1.1.1 - 10.2.2.2 / require"));
    }

    @Test
    void levels() {
        assertEquals(Level.DEFAULT, rule("out ipsec esp/transport//default").level());
        assertEquals(Level.USE, rule("out ipsec esp/transport//use").level());
        assertEquals(Level.REQUIRE, rule("out ipsec esp/transport//require").level());
        IpsecRequest unique = rule("out ipsec esp/transport//unique");
        assertEquals(Level.UNIQUE, unique.level());
        assertEquals(0, unique.uniqueId());
        IpsecRequest n = rule("out ipsec esp/tunnel/10.1.1.1-10.2.2.2/unique:32767");
        assertEquals(Level.UNIQUE, n.level());
        assertEquals(32767, n.uniqueId());
    }

    @Test
    void levelErrors() {
        fails(SEL + "-P out ipsec esp/transport//unique:0;", 1, P + 25, "unique:0",
                "unique id out of range: \"unique:0\" (unique:N takes N from 1 to 32767)");
        fails(SEL + "-P out ipsec esp/transport//unique:32768;", 1, P + 25, "unique:32768",
                "unique id out of range: \"unique:32768\" (unique:N takes N from 1 to 32767)");
        fails(SEL + "-P out ipsec esp/transport//unique:x;", 1, P + 25, "unique:x",
                "invalid level \"unique:x\" (expected default, use, require, unique or unique:N)");
        fails(SEL + "-P out ipsec esp/transport//always;", 1, P + 25, "always",
                "expected a level (default, use, require, unique or unique:N) after \"//\", found \"always\"");
        fails(SEL + "-P out ipsec esp/transport//;", 1, P + 25, ";",
                "expected a level (default, use, require, unique or unique:N) after \"//\", found \";\"");
        fails(SEL + "-P out ipsec esp/transport/require;", 1, P + 24, "require",
                "\"require\" is a level: write esp/transport//require (two slashes when the rule has no endpoints)");
        fails(SEL + "-P out ipsec esp/tunnel/10.1.1.1-10.2.2.2/sometimes;", 1, P + 39, "sometimes",
                "unknown level \"sometimes\" (expected default, use, require, unique or unique:N)");
    }

    @Test
    void saBundles() {
        List<IpsecRequest> r = rules("out ipsec\n\tesp/transport//require\n\tah/transport//require");
        assertEquals(List.of(IpsecRequest.of(SaProtocol.ESP, IpsecMode.TRANSPORT, Level.REQUIRE),
                IpsecRequest.of(SaProtocol.AH, IpsecMode.TRANSPORT, Level.REQUIRE)), r);
        List<IpsecRequest> three = rules("out ipsec ipcomp/tunnel/10.1.1.1-10.2.2.2/use"
                + " esp/transport/ ah/transport esp/tunnel/10.1.1.1-10.2.2.2 ah/tunnel/10.1.1.1-10.2.2.2/unique:7");
        assertEquals(5, three.size());
        assertEquals(SaProtocol.IPCOMP, three.get(0).protocol());
        assertEquals(Level.USE, three.get(0).level());
        assertEquals(IpsecRequest.of(SaProtocol.ESP, IpsecMode.TRANSPORT, Level.DEFAULT), three.get(1));
        assertEquals(IpsecRequest.of(SaProtocol.AH, IpsecMode.TRANSPORT, Level.DEFAULT), three.get(2));
        assertEquals(Level.DEFAULT, three.get(3).level());
        assertEquals(7, three.get(4).uniqueId());
    }

    @Test
    void tunnelEndpointsWithPortsAndIpv6() {
        IpsecRequest r = rule("out ipsec esp/tunnel/192.168.0.1[4500]-192.168.1.2[30000]/require");
        assertEquals(4500, r.sourcePort());
        assertEquals(30000, r.destinationPort());
        IpsecRequest v6 = rule("in ipsec esp/tunnel/2001:db8::1-fe80::2%2/require");
        assertEquals(ip("2001:db8::1"), v6.source());
        assertEquals(2, ((Inet6Address) v6.destination()).getScopeId());
        IpsecRequest v6OverV4 = policy("spdadd 2001:db8:1::/48 2001:db8:2::/48 any -P out ipsec"
                + " esp/tunnel/192.0.2.1-192.0.2.2/require;").rules().get(0);
        assertEquals(ip("192.0.2.1"), v6OverV4.source());
        IpsecRequest mapped = rule("out ipsec esp/tunnel/::ffff:10.1.1.1-::ffff:10.2.2.2/require");
        assertInstanceOf(Inet6Address.class, mapped.source());
    }

    @Test
    void meAnyAndAnyMe() {
        assertEquals(IpsecRequest.of(SaProtocol.ESP, IpsecMode.TRANSPORT, Level.USE),
                rule("out ipsec esp/transport/me-any/use"));
        assertEquals(IpsecRequest.of(SaProtocol.AH, IpsecMode.TRANSPORT, Level.REQUIRE),
                rule("in ipsec ah/transport/any-me/require"));
        fails(SEL + "-P in ipsec esp/transport/me-any/use;", 1, P + 23, "me", "me-any is only for out policies");
        fails(SEL + "-P out ipsec esp/transport/any-me/use;", 1, P + 24, "any", "any-me is only for in policies");
        fails(SEL + "-P out ipsec esp/transport/me/use;", 1, P + 26, "/",
                "expected \"-\" after \"me\" (me-any or any-me), found \"/\"");
        fails(SEL + "-P in ipsec esp/transport/any-any/use;", 1, P + 27, "any",
                "expected \"me\" after \"any-\", found \"any\"");
        fails(SEL + "-P out ipsec esp/transport/me-me/use;", 1, P + 27, "me", "expected \"any\" after \"me-\", found \"me\"");
        fails(SEL + "-P out ipsec esp/tunnel/me-any/use;", 1, P + 14, "tunnel", "tunnel mode needs the tunnel"
                + " endpoints: write esp/tunnel/src-dst/level, e.g. esp/tunnel/192.0.2.1-192.0.2.2/require");
    }

    @Test
    void ruleErrors() {
        String p = SEL + "-P out ipsec ";
        int r = P + 10;
        fails(p + "esp;", 1, r + 3, ";", "expected \"/\" and a mode after \"esp\" (too few arguments: a rule is"
                + " protocol/mode/src-dst/level, e.g. esp/transport//require), found \";\"");
        fails(p + "esp/;", 1, r + 4, ";", "expected a mode (transport or tunnel) after \"esp/\" (a rule is"
                + " protocol/mode/src-dst/level, e.g. esp/transport//require), found \";\"");
        fails(p + "esp/any//use;", 1, r + 4, "any", "unknown mode \"any\" in policy rule (expected transport or tunnel)");
        fails(p + "esp-old/transport//use;", 1, r + 3, "-", "expected \"/\" and a mode after \"esp\" (too few"
                + " arguments: a rule is protocol/mode/src-dst/level, e.g. esp/transport//require), found \"-\"");
        fails(p + "ipip/transport//use;", 1, r, "ipip", "unknown protocol \"ipip\" in policy rule (expected esp, ah or"
                + " ipcomp)");
        fails(p + "esp/tunnel//require;", 1, r + 4, "tunnel", "tunnel mode needs the tunnel endpoints: write"
                + " esp/tunnel/src-dst/level, e.g. esp/tunnel/192.0.2.1-192.0.2.2/require");
        fails(p + "esp/tunnel/10.1.1.1/require;", 1, r + 19, "/",
                "expected \"-\" between the tunnel endpoints (src-dst), found \"/\"");
        fails(p + "esp/tunnel/10.1.1.1-::2/require;", 1, r + 20, "::2",
                "tunnel endpoints must be of one address family: IPv4 and IPv6 given");
        fails(p + "esp/tunnel/gw-a-gw-b/require;", 1, r + 11, "gw",
                "host names are not resolved: write a numeric IPv4 or IPv6 address instead of \"gw\"");
        fails(p + "esp/tunnel/10.1.1.1[4500]-10.2.2.2/require;", 1, r + 34, "/", "expected a [port] after the"
                + " tunnel destination too (a port on both endpoints or on neither), found \"/\"");
        fails(p + "esp/tunnel/10.1.1.1-10.2.2.2[4500]/require;", 1, r + 28, "[",
                "give a port on both tunnel endpoints or on neither");
        fails(p + "esp/tunnel/10.1.1.1-/require;", 1, r + 20, "/",
                "expected the tunnel destination address, found \"/\"");
        fails(p + "esp/tunnel/10.1.1.1[4500-10.2.2.2[4500]/require;", 1, r + 24, "-",
                "expected \"]\" after the port, found \"-\"");
        fails(p + "esp/tunnel/10.1.1.1[]-10.2.2.2[]/require;", 1, r + 20, "]",
                "expected a port number after \"[\", found \"]\"");
        fails(p + "esp/tunnel/10.1.1.1[any]-10.2.2.2[any]/require;", 1, r + 20, "any",
                "invalid port \"any\" (expected a number 0 to 65535)");
        fails(p + "esp/transport//use, ah/transport//use;", 1, r + 18, ",", "unexpected character \",\"");
    }

    @Test
    void aPolicyMaySpanLinesAndCarryComments() {
        List<IpsecRequest> r = policy("spdadd 10.1.1.0/24 10.2.2.0/24 any -P out ipsec # bundle\n"
                + "    esp/tunnel/10.1.1.1-10.2.2.2/require   # outer\n"
                + "    ah/transport//require\n;").rules();
        assertEquals(2, r.size());
    }
}
