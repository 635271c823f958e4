package org.ipsec4j.engine.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.policy.Direction;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.api.policy.IpsecRequest;
import org.ipsec4j.api.policy.Level;
import org.ipsec4j.api.policy.PolicyAction;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.Selector;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.engine.admin.EchoRequest;
import org.ipsec4j.engine.admin.EchoResult;
import org.ipsec4j.io.memory.MemoryLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The KAME guide's first scenario over an in-memory link: hosts A and B, transport-mode ESP with the guide's SAs
 * (DES-CBC, key "hogehoge", SPIs 9998 and 9999). A pings B through its engine; the wire carries ESP only.
 */
class GatewayTransportTest {
    private static final String SAS = "add 192.0.2.1 192.0.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n"
            + "add 192.0.2.2 192.0.2.1 esp 9999 -E des-cbc \"hogehoge\" ;\n";
    private final MemoryLink lan = new MemoryLink("lan");
    private final Wire wire = new Wire(lan);
    private final Node a = new Node("A");
    private final Node b = new Node("B");

    GatewayTransportTest() {
        a.port(lan, "a0", "192.0.2.1/24", "2001:db8::1/64");
        b.port(lan, "b0", "192.0.2.2/24", "2001:db8::2/64");
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void guideTransportModeCarriesPingsAsEsp() throws Exception {
        a.setkey(SAS + "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//use ;\n"
                + "spdadd 192.0.2.2 192.0.2.1 any -P in ipsec esp/transport//use ;\n");
        b.setkey(SAS + "spdadd 192.0.2.2 192.0.2.1 any -P out ipsec esp/transport//use ;\n"
                + "spdadd 192.0.2.1 192.0.2.2 any -P in ipsec esp/transport//use ;\n");
        for (int i = 0; i < 3; i++) {
            EchoResult r = a.ping("192.0.2.2");
            assertEquals(EchoResult.Status.REPLY, r.status(), () -> String.valueOf(r));
            assertEquals("192.0.2.2", r.from().getHostAddress());
            assertEquals(64, r.bytes());
            assertEquals(64, r.ttl(), "one hop: nobody decremented the TTL");
        }
        assertEquals(6, wire.packets.size());
        assertEquals(6, wire.ofProtocol(IpProtocol.ESP).size(), "only ESP on the wire");
        assertEquals(9998, Wire.spi(wire.packets.get(0)));
        assertEquals(9999, Wire.spi(wire.packets.get(1)));
        assertEquals(3, a.sa(9998).counters().packets(), "A's outbound SA");
        assertEquals(3, b.sa(9998).counters().packets(), "B's inbound SA");
        assertEquals(3, b.sa(9999).counters().packets(), "B's outbound SA");
        assertEquals(3, a.sa(9999).counters().packets(), "A's inbound SA");
        assertEquals(3, a.engine.statistics().inSuccess());
        assertEquals(3, b.gateway.statistics().get(0).value("inbound packets processed successfully"));
        assertEquals(3, b.counter(4, IpCounter.ECHO_REPLIES_SENT));
    }

    @Test
    void theEspPayloadIsNotPlaintext() throws Exception {
        a.setkey(SAS + "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//use ;\n");
        b.setkey(SAS + "spdadd 192.0.2.2 192.0.2.1 any -P out ipsec esp/transport//use ;\n");
        assertEquals(EchoResult.Status.REPLY, a.ping("192.0.2.2").status());
        byte[] request = wire.packets.get(0);
        // ping's data is 0, 1, 2, ...: a run of 16 such bytes would show plaintext
        byte[] pattern = new byte[16];
        for (int i = 0; i < 16; i++) pattern[i] = (byte) (i + 8);
        assertTrue(!new String(request, StandardCharsets.ISO_8859_1).contains(new String(pattern, StandardCharsets.ISO_8859_1)));
    }

    @Test
    void withoutPoliciesPingsArePlaintext() throws Exception {
        EchoResult r = a.ping("192.0.2.2");
        assertEquals(EchoResult.Status.REPLY, r.status());
        assertEquals(2, wire.ofProtocol(IpProtocol.ICMP).size());
        assertEquals(1, a.engine.statistics().outPlaintext());
    }

    @Test
    void ipv6EchoAndTransportEsp() throws Exception {
        String sas6 = "add 2001:db8::1 2001:db8::2 esp 0x600 -E aes-cbc 0x00112233445566778899aabbccddeeff"
                + " -A hmac-sha256 0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f ;\n"
                + "add 2001:db8::2 2001:db8::1 esp 0x601 -E aes-cbc 0x00112233445566778899aabbccddeeff"
                + " -A hmac-sha256 0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f ;\n";
        a.setkey(sas6 + "spdadd 2001:db8::1 2001:db8::2 any -P out ipsec esp/transport//require ;\n"
                + "spdadd 2001:db8::2 2001:db8::1 any -P in ipsec esp/transport//require ;\n");
        b.setkey(sas6 + "spdadd 2001:db8::2 2001:db8::1 any -P out ipsec esp/transport//require ;\n"
                + "spdadd 2001:db8::1 2001:db8::2 any -P in ipsec esp/transport//require ;\n");
        EchoResult r = a.ping("2001:db8::2");
        assertEquals(EchoResult.Status.REPLY, r.status(), () -> String.valueOf(r));
        assertEquals(2, wire.ofProtocol(IpProtocol.ESP).size());
        assertEquals(0x600, Wire.spi(wire.packets.get(0)));
        assertEquals(1, b.counter(6, IpCounter.ECHO_REPLIES_SENT));
    }

    @Test
    void requireWithoutAnSaDropsUntilTheSaIsBack() throws Exception {
        String policies = "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//require ;\n";
        a.setkey(SAS + policies);
        b.setkey(SAS + "spdadd 192.0.2.2 192.0.2.1 any -P out ipsec esp/transport//require ;\n");
        assertEquals(EchoResult.Status.REPLY, a.ping("192.0.2.2").status());
        a.setkey("delete 192.0.2.1 192.0.2.2 esp 9998 ;\n");
        EchoResult dropped = a.ping("192.0.2.2");
        assertEquals(EchoResult.Status.NOT_SENT, dropped.status());
        assertEquals("acquire", dropped.detail());
        assertEquals(1, a.engine.statistics().outNoSa());
        assertEquals(2, wire.packets.size(), "nothing went out in plaintext");
        a.setkey("add 192.0.2.1 192.0.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n");
        // B remembers sequence numbers up to 1 under SPI 9998; the new SA starts again at 1: that is a replay
        b.setkey("delete 192.0.2.1 192.0.2.2 esp 9998 ;\nadd 192.0.2.1 192.0.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n");
        assertEquals(EchoResult.Status.REPLY, a.ping("192.0.2.2").status());
    }

    @Test
    void inboundRequireDropsPlaintext() throws Exception {
        b.setkey(SAS + "spdadd 192.0.2.1 192.0.2.2 any -P in ipsec esp/transport//require ;\n");
        EchoResult r = a.pingBriefly("192.0.2.2");
        assertEquals(EchoResult.Status.TIMEOUT, r.status());
        assertEquals(1, b.engine.statistics().inPolicyViolation());
        assertEquals(0, b.counter(4, IpCounter.ECHO_RECEIVED));
    }

    @Test
    void perCallPoliciesOfPing() throws Exception {
        a.setkey(SAS);
        b.setkey(SAS + "spdadd 192.0.2.2 192.0.2.1 any -P out ipsec esp/transport//require ;\n");
        SecurityPolicy out = SecurityPolicy.of(Selector.of(IpPrefix.host(Node.addr("192.0.2.1")),
                IpPrefix.host(Node.addr("192.0.2.2")), Selector.ANY_PROTOCOL), Direction.OUT, PolicyAction.IPSEC,
                List.of(IpsecRequest.of(SaProtocol.ESP, IpsecMode.TRANSPORT, Level.REQUIRE)));
        SecurityPolicy in = SecurityPolicy.of(Selector.of(IpPrefix.host(Node.addr("192.0.2.2")),
                IpPrefix.host(Node.addr("192.0.2.1")), Selector.ANY_PROTOCOL), Direction.IN, PolicyAction.IPSEC,
                List.of(IpsecRequest.of(SaProtocol.ESP, IpsecMode.TRANSPORT, Level.REQUIRE)));
        EchoResult r = a.gateway.echo(new EchoRequest(Node.addr("192.0.2.2"), null, 9, 1, 56, false, out, in,
                Duration.ofSeconds(2)));
        assertEquals(EchoResult.Status.REPLY, r.status());
        assertEquals(IpProtocol.ESP, Wire.protocol(wire.packets.get(0)), "-P out: the SPD has no policy, ping does");
        assertEquals(1, a.engine.statistics().inSuccess());

        b.setkey("spdflush ;\n");
        EchoResult plain = a.gateway.echo(new EchoRequest(Node.addr("192.0.2.2"), null, 9, 2, 56, false, out, in,
                Duration.ofMillis(300)));
        assertEquals(EchoResult.Status.TIMEOUT, plain.status(), "-P in: the plaintext reply is refused");
        assertEquals(1, a.engine.statistics().inPolicyViolation());
        EchoResult spdOnly = a.gateway.echo(new EchoRequest(Node.addr("192.0.2.2"), null, 9, 3, 56, false, out, null,
                Duration.ofSeconds(2)));
        assertEquals(EchoResult.Status.REPLY, spdOnly.status(), "without -P in the SPD decides, and lets it in");
    }
}
