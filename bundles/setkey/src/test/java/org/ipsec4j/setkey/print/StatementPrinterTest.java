package org.ipsec4j.setkey.print;

import static org.ipsec4j.setkey.print.TestEntries.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.ipsec4j.api.policy.Direction;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.api.policy.IpsecRequest;
import org.ipsec4j.api.policy.Level;
import org.ipsec4j.api.policy.PolicyAction;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.Selector;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.Lifetime;
import org.ipsec4j.api.sa.Padding;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SaState;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.sa.SecurityContext;
import org.ipsec4j.setkey.Position;
import org.ipsec4j.setkey.Statement;
import org.junit.jupiter.api.Test;

class StatementPrinterTest {
    private static final Position AT = new Position(1, 1);

    private static SecurityAssociation guideSa() {
        return SecurityAssociation.builder(ip("10.1.1.1"), ip("10.2.2.2"), SaProtocol.ESP, 9998)
                .encryption(new AlgorithmKey("des-cbc", "hogehoge".getBytes(StandardCharsets.US_ASCII))).build();
    }

    @Test
    void theGuideSaWithItsKeyInHex() {
        assertEquals("add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc 0x686f6765686f6765;",
                StatementPrinter.print(new Statement.Add(AT, guideSa())));
        assertEquals("add 10.1.1.1 10.2.2.2 esp 9998", StatementPrinter.describe(new Statement.Add(AT, guideSa())));
    }

    @Test
    void everyExtensionThatDiffersFromTheDefault() {
        SecurityAssociation sa = SecurityAssociation.builder(ip("2001:db8::1"), ip("2001:db8::2"), SaProtocol.ESP,
                        0xffffffff)
                .mode(IpsecMode.TUNNEL).reqid(7).replayWindowBytes(8).padding(Padding.ZERO).cyclicSequence(false)
                .extendedSequence(true).hardLifetime(new Lifetime(3600, 2000)).softLifetime(new Lifetime(3000, 1000))
                .context(new SecurityContext(1, 2, "system_u:object_r:ipsec_spd_t:s0"))
                .encryption(new AlgorithmKey("aes-gcm-16", HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f10111213")))
                .build();
        assertEquals("update 2001:db8::1 2001:db8::2 esp 4294967295 -m tunnel -u 7 -r 8 -f zero-pad -f nocyclic-seq"
                + " -esn -lh 3600 -ls 3000 -bh 2000 -bs 1000 -ctx 1 2 \"system_u:object_r:ipsec_spd_t:s0\""
                + " -E aes-gcm-16 0x000102030405060708090a0b0c0d0e0f10111213;",
                StatementPrinter.print(new Statement.Update(AT, sa)));
    }

    @Test
    void authenticationCompressionNullAndNatT() {
        SecurityAssociation ah = SecurityAssociation.builder(ip("10.0.0.1"), ip("10.0.0.2"), SaProtocol.AH, 500)
                .authentication(new AlgorithmKey("hmac-sha1", new byte[20])).build();
        assertEquals("add 10.0.0.1 10.0.0.2 ah 500 -A hmac-sha1 0x" + "00".repeat(20) + ";",
                StatementPrinter.sa("add", ah));
        SecurityAssociation comp = SecurityAssociation.builder(ip("10.0.0.1"), ip("10.0.0.2"), SaProtocol.IPCOMP, 2)
                .rawCpi(true).compression(new AlgorithmKey("deflate", new byte[0])).build();
        assertEquals("add 10.0.0.1 10.0.0.2 ipcomp 2 -C deflate -R;", StatementPrinter.sa("add", comp));
        SecurityAssociation natt = SecurityAssociation.builder(ip("10.0.0.1"), ip("10.0.0.2"), SaProtocol.ESP_UDP, 3)
                .ports(4500, 4500).padding(Padding.RANDOM).encryption(new AlgorithmKey("null", new byte[0]))
                .authentication(new AlgorithmKey("hmac-md5", new byte[16])).build();
        assertEquals("add 10.0.0.1[4500] 10.0.0.2[4500] esp-udp 3 -f random-pad -E null -A hmac-md5 0x"
                + "00".repeat(16) + ";", StatementPrinter.sa("add", natt));
    }

    @Test
    void policies() {
        SecurityPolicy guide = SecurityPolicy.of(
                Selector.of(IpPrefix.host(ip("10.1.1.1")), IpPrefix.host(ip("10.2.2.2")), Selector.ANY_PROTOCOL),
                Direction.OUT, PolicyAction.IPSEC, List.of(IpsecRequest.of(SaProtocol.ESP, IpsecMode.TRANSPORT,
                        Level.USE)));
        assertEquals("spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transport//use;",
                StatementPrinter.print(new Statement.SpdAdd(AT, guide)));
        assertEquals("spdadd 10.1.1.1 10.2.2.2 any -P out", StatementPrinter.describe(new Statement.SpdAdd(AT, guide)));

        SecurityPolicy tunnel = new SecurityPolicy(new Selector(new IpPrefix(ip("10.1.1.0"), 24), 0,
                new IpPrefix(ip("10.2.2.0"), 24), 443, 6, Selector.ANY_ICMP, Selector.ANY_ICMP), Direction.FWD,
                SecurityPolicy.PRIORITY_DEFAULT - 5, PolicyAction.IPSEC, List.of(
                        IpsecRequest.of(SaProtocol.IPCOMP, IpsecMode.TUNNEL, Level.USE),
                        new IpsecRequest(SaProtocol.ESP, IpsecMode.TUNNEL, ip("10.1.1.1"), 4500, ip("10.2.2.2"), 4500,
                                Level.UNIQUE, 3)));
        assertEquals("spdupdate 10.1.1.0/24 10.2.2.0/24[443] tcp -P fwd prio def + 5 ipsec ipcomp/tunnel//use"
                + " esp/tunnel/10.1.1.1[4500]-10.2.2.2[4500]/unique:3;",
                StatementPrinter.print(new Statement.SpdUpdate(AT, tunnel)));

        Selector icmp = new Selector(IpPrefix.host(ip("::")), 0, new IpPrefix(ip("ff02::"), 16), 0, 58, 135, 0);
        assertEquals("spddelete :: ff02::/16 icmp6 135,0 -P in;",
                StatementPrinter.print(new Statement.SpdDelete(AT, icmp, Direction.IN)));
        SecurityPolicy discard = SecurityPolicy.of(Selector.of(new IpPrefix(ip("0.0.0.0"), 0),
                new IpPrefix(ip("0.0.0.0"), 0), 132), Direction.IN, PolicyAction.DISCARD, List.of());
        assertEquals("spdadd 0.0.0.0/0 0.0.0.0/0 132 -P in discard;", StatementPrinter.policy("spdadd", discard));
    }

    @Test
    void statementsWithoutKeys() {
        SaId id = new SaId(ip("10.2.2.2"), SaProtocol.ESP, 9998);
        assertEquals("get 10.1.1.1 10.2.2.2 esp 9998;",
                StatementPrinter.print(new Statement.Get(AT, ip("10.1.1.1"), id)));
        assertEquals("delete 10.1.1.1 10.2.2.2 esp 9998;",
                StatementPrinter.print(new Statement.Delete(AT, ip("10.1.1.1"), id)));
        assertEquals("deleteall 10.1.1.1 10.2.2.2 ah;",
                StatementPrinter.print(new Statement.DeleteAll(AT, ip("10.1.1.1"), ip("10.2.2.2"), SaProtocol.AH)));
        assertEquals("flush;", StatementPrinter.print(new Statement.Flush(AT, Optional.empty())));
        assertEquals("flush esp;", StatementPrinter.print(new Statement.Flush(AT, Optional.of(SaProtocol.ESP))));
        assertEquals("dump ipcomp;", StatementPrinter.print(new Statement.Dump(AT, Optional.of(SaProtocol.IPCOMP))));
        assertEquals("dump;", StatementPrinter.print(new Statement.Dump(AT, Optional.empty())));
        assertEquals("spdflush;", StatementPrinter.print(new Statement.SpdFlush(AT)));
        assertEquals("spddump;", StatementPrinter.print(new Statement.SpdDump(AT)));
    }

    @Test
    void exportWritesSasThenPolicies() {
        TestEntries.FixedSa sa = new TestEntries.FixedSa(guideSa(), SaState.MATURE, 1, 1, TestEntries.noCounters());
        SecurityPolicy p = SecurityPolicy.of(
                Selector.of(IpPrefix.host(ip("10.1.1.1")), IpPrefix.host(ip("10.2.2.2")), Selector.ANY_PROTOCOL),
                Direction.OUT, PolicyAction.NONE, List.of());
        assertEquals("add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc 0x686f6765686f6765;\n"
                        + "spdadd 10.1.1.1 10.2.2.2 any -P out none;\n",
                StatementPrinter.export(List.of(sa), List.of(new TestEntries.FixedPolicy(p, 1, 1, 0, 0))));
    }
}
