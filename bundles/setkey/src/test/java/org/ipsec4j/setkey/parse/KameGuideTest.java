package org.ipsec4j.setkey.parse;

import static org.ipsec4j.setkey.parse.Parsing.fails;
import static org.ipsec4j.setkey.parse.Parsing.ip;
import static org.ipsec4j.setkey.parse.Parsing.parse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
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
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.setkey.Statement;
import org.junit.jupiter.api.Test;

/**
 * The statements of KAME's "Configuring KAME for IPsec: manual keying" (itojun), verbatim: the host-to-host
 * (transport) example and the site-to-site (tunnel) example.
 */
class KameGuideTest {

    @Test
    void endpointSasOnBothHosts() {
        List<Statement> s = parse("add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n"
                + "add 10.2.2.2 10.1.1.1 esp 9999 -E des-cbc \"hogehoge\" ;\n");
        assertEquals(2, s.size());
        SecurityAssociation a = ((Statement.Add) s.get(0)).sa();
        SecurityAssociation b = ((Statement.Add) s.get(1)).sa();
        assertEquals(ip("10.1.1.1"), a.source());
        assertEquals(ip("10.2.2.2"), a.destination());
        assertEquals(SaProtocol.ESP, a.protocol());
        assertEquals(9998, a.spi());
        assertEquals("des-cbc", a.encryption().orElseThrow().name());
        assertArrayEquals("hogehoge".getBytes(StandardCharsets.US_ASCII), a.encryption().orElseThrow().key());
        assertEquals(IpsecMode.ANY, a.mode());
        assertEquals(ip("10.2.2.2"), b.source());
        assertEquals(9999, b.spi());
    }

    @Test
    void transportPolicyOnHostA() {
        Statement.SpdAdd p = (Statement.SpdAdd) parse("spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transport//use;")
                .get(0);
        assertEquals(new SecurityPolicy(Selector.of(IpPrefix.host(ip("10.1.1.1")), IpPrefix.host(ip("10.2.2.2")),
                Selector.ANY_PROTOCOL), Direction.OUT, SecurityPolicy.PRIORITY_DEFAULT, PolicyAction.IPSEC,
                List.of(IpsecRequest.of(SaProtocol.ESP, IpsecMode.TRANSPORT, Level.USE))), p.policy());
    }

    @Test
    void transportPolicyOnHostB() {
        Statement.SpdAdd p = (Statement.SpdAdd) parse("spdadd 10.2.2.2 10.1.1.1 any -P out ipsec esp/transport//use;")
                .get(0);
        assertEquals(IpPrefix.host(ip("10.2.2.2")), p.policy().selector().source());
        assertEquals(Direction.OUT, p.policy().direction());
        assertEquals(List.of(IpsecRequest.of(SaProtocol.ESP, IpsecMode.TRANSPORT, Level.USE)), p.policy().rules());
    }

    @Test
    void tunnelPolicyWithoutDirectionIsRefusedWithAHint() {
        fails("spdadd 10.1.1.0/24 10.2.2.0/24 any -P ipsec esp/tunnel/10.1.1.1-10.2.2.2/use;", 1, 39, "ipsec",
                "policy direction missing before \"ipsec\" (expected in, out or fwd, e.g. -P out ipsec ...)");
        fails("spdadd 10.2.2.0/24 10.1.1.0/24 any -P ipsec esp/tunnel/10.2.2.2-10.1.1.1/use;", 1, 39, "ipsec",
                "policy direction missing before \"ipsec\" (expected in, out or fwd, e.g. -P out ipsec ...)");
        assertEquals("line 1, column 39: policy direction missing before \"ipsec\" (expected in, out or fwd,"
                + " e.g. -P out ipsec ...)", Parsing.error(
                        "spdadd 10.1.1.0/24 10.2.2.0/24 any -P ipsec esp/tunnel/10.1.1.1-10.2.2.2/use;").getMessage());
    }

    @Test
    void tunnelPolicyWithTheDirectionAdded() {
        Statement.SpdAdd p = (Statement.SpdAdd) parse(
                "spdadd 10.1.1.0/24 10.2.2.0/24 any -P out ipsec esp/tunnel/10.1.1.1-10.2.2.2/use;").get(0);
        assertEquals(new IpPrefix(ip("10.1.1.0"), 24), p.policy().selector().source());
        assertEquals(new IpPrefix(ip("10.2.2.0"), 24), p.policy().selector().destination());
        assertEquals(List.of(new IpsecRequest(SaProtocol.ESP, IpsecMode.TUNNEL, ip("10.1.1.1"), 0, ip("10.2.2.2"), 0,
                Level.USE, 0)), p.policy().rules());
    }

    @Test
    void theGuidesAnnotationMarksAreNotSetkey() {
        fails("add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ; (**)", 1, 56, "(",
                "unexpected character \"(\"");
    }
}
