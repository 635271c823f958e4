package org.ipsec4j.engine.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SA bundles through the engine: the rules of one policy applied innermost first (the first rule written is applied
 * first) with ESP, AH and IPComp, and on input every rule checked: a packet that skipped a {@code require} rule, or
 * carries the SAs in another order, is dropped as {@link Verdict#POLICY_VIOLATION}. Two engines on TEST-NET
 * addresses, configured with setkey: hosts 192.0.2.1 and 192.0.2.2 in transport mode; in tunnel mode the same two as
 * gateways between the networks 198.51.100.0/24 and 203.0.113.0/24.
 */
class SaBundleTest {
    static final String A = "192.0.2.1";
    static final String B = "192.0.2.2";
    static final String AES = "0x000102030405060708090a0b0c0d0e0f";
    static final String SHA256 = "0x101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f";
    static final String SHA1 = "0x303132333435363738393a3b3c3d3e3f40414243";

    private final BundleHost a = new BundleHost(A);
    private final BundleHost b = new BundleHost(B);

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private static byte[] send(BundleHost from, byte[] packet) {
        PacketBuffer pkt = Wire.buffer(packet);
        assertEquals(Verdict.OK, from.engine.output(pkt));
        return pkt.toByteArray();
    }

    private static PacketBuffer receive(BundleHost at, byte[] wire, Verdict expected) {
        PacketBuffer pkt = Wire.buffer(wire);
        assertEquals(expected, at.engine.input(pkt));
        return pkt;
    }

    // --- ESP and AH in transport mode -------------------------------------------------------------------------------

    static final String TRANSPORT_SAS = "add 192.0.2.1 192.0.2.2 esp 0x1000 -m transport -E aes-cbc " + AES
            + " -A hmac-sha256 " + SHA256 + " ;\n"
            + "add 192.0.2.1 192.0.2.2 ah 0x2000 -m transport -A hmac-sha1 " + SHA1 + " ;\n";
    static final String ESP_THEN_AH = "esp/transport//require ah/transport//require";

    @Test
    void espThenAhInTransportMode() {
        a.setkey(TRANSPORT_SAS + "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec " + ESP_THEN_AH + " ;\n");
        b.setkey(TRANSPORT_SAS + "spdadd 192.0.2.1 192.0.2.2 any -P in ipsec " + ESP_THEN_AH + " ;\n");
        byte[] plain = Wire.udp4(A, B, "the first rule written is applied first");
        byte[] wire = send(a, plain);
        // IP | AH | ESP: AH outermost
        assertEquals(51, Wire.protocol(wire, 0));
        assertEquals(50, wire[20], "AH's next header is ESP");
        assertEquals(0x2000, Wire.u32(wire, 24));
        assertEquals(0x1000, Wire.u32(wire, 20 + 24), "ESP behind the 24 bytes of AH with HMAC-SHA1-96");

        assertArrayEquals(plain, receive(b, wire, Verdict.OK).toByteArray());
        assertEquals(1, b.sa(SaProtocol.AH, 0x2000).counters().packets());
        assertEquals(1, b.sa(SaProtocol.ESP, 0x1000).counters().packets());
        assertEquals(1, b.engine.statistics().inSuccess());
    }

    @Test
    void aPacketThatSkippedARuleIsAPolicyViolation() {
        b.setkey(TRANSPORT_SAS + "spdadd 192.0.2.1 192.0.2.2 any -P in ipsec " + ESP_THEN_AH + " ;\n");
        byte[] plain = Wire.udp4(A, B, "one rule short");
        a.setkey(TRANSPORT_SAS + "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//require ;\n");
        byte[] espOnly = send(a, plain);
        assertEquals(50, Wire.protocol(espOnly, 0));
        receive(b, espOnly, Verdict.POLICY_VIOLATION);

        a.setkey("spdflush ;\nspdadd 192.0.2.1 192.0.2.2 any -P out ipsec ah/transport//require ;\n");
        byte[] ahOnly = send(a, plain);
        assertEquals(51, Wire.protocol(ahOnly, 0));
        receive(b, ahOnly, Verdict.POLICY_VIOLATION);

        a.setkey("spdflush ;\n");
        receive(b, send(a, plain), Verdict.POLICY_VIOLATION); // plaintext
        assertEquals(3, b.engine.statistics().inDrops(Verdict.POLICY_VIOLATION));
        // the SAs did their part: each packet verified, the policy refused it
        assertEquals(1, b.sa(SaProtocol.ESP, 0x1000).counters().packets());
        assertEquals(1, b.sa(SaProtocol.AH, 0x2000).counters().packets());
    }

    @Test
    void theSasInTheOtherOrderAreAPolicyViolation() {
        a.setkey(TRANSPORT_SAS + "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec ah/transport//require"
                + " esp/transport//require ;\n");
        b.setkey(TRANSPORT_SAS + "spdadd 192.0.2.1 192.0.2.2 any -P in ipsec " + ESP_THEN_AH + " ;\n");
        byte[] wire = send(a, Wire.udp4(A, B, "AH inside ESP"));
        assertEquals(50, Wire.protocol(wire, 0), "ESP outermost this time");
        receive(b, wire, Verdict.POLICY_VIOLATION);
    }

    @Test
    void useRulesMayBeSkipped() {
        b.setkey(TRANSPORT_SAS + "spdadd 192.0.2.1 192.0.2.2 any -P in ipsec esp/transport//require"
                + " ah/transport//use ;\n");
        a.setkey(TRANSPORT_SAS + "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//require ;\n");
        byte[] plain = Wire.udp4(A, B, "ESP alone satisfies require + use");
        assertArrayEquals(plain, receive(b, send(a, plain), Verdict.OK).toByteArray());
    }

    // --- IPComp inside ESP in tunnel mode -----------------------------------------------------------------------------

    static final String TUNNEL_SAS = "add 192.0.2.1 192.0.2.2 ipcomp 0x4000 -m tunnel -C deflate ;\n"
            + "add 192.0.2.1 192.0.2.2 esp 0x1001 -m tunnel -E aes-cbc " + AES + " -A hmac-sha1 " + SHA1 + " ;\n";
    static final String IPCOMP_IN_ESP = "ipcomp/tunnel/192.0.2.1-192.0.2.2/use esp/tunnel/192.0.2.1-192.0.2.2/require";

    @Test
    void ipcompThenEspInTunnelMode() {
        a.setkey(TUNNEL_SAS + "spdadd 198.51.100.0/24 203.0.113.0/24 any -P out ipsec " + IPCOMP_IN_ESP + " ;\n");
        b.setkey(TUNNEL_SAS + "spdadd 198.51.100.0/24 203.0.113.0/24 any -P in ipsec " + IPCOMP_IN_ESP + " ;\n");
        byte[] plain = Wire.udp4("198.51.100.7", "203.0.113.9", Wire.text(1200));
        byte[] wire = send(a, plain);
        assertEquals(50, Wire.protocol(wire, 0));
        assertEquals(0x1001, Wire.u32(wire, 20));
        assertTrue(wire.length < plain.length, "compressed inside ESP: " + wire.length + " of " + plain.length);
        assertEquals(1, a.sa(SaProtocol.IPCOMP, 0x4000).counters().packets());

        assertArrayEquals(plain, receive(b, wire, Verdict.OK).toByteArray());
        assertEquals(1, b.sa(SaProtocol.IPCOMP, 0x4000).counters().packets());
        assertEquals(1, b.sa(SaProtocol.ESP, 0x1001).counters().packets());
    }

    @Test
    void espTunnelWithoutTheIpcompInsideSatisfiesAUseRule() {
        b.setkey(TUNNEL_SAS + "spdadd 198.51.100.0/24 203.0.113.0/24 any -P in ipsec " + IPCOMP_IN_ESP + " ;\n");
        a.setkey(TUNNEL_SAS + "spdadd 198.51.100.0/24 203.0.113.0/24 any -P out ipsec"
                + " esp/tunnel/192.0.2.1-192.0.2.2/require ;\n");
        byte[] plain = Wire.udp4("198.51.100.7", "203.0.113.9", Wire.text(1200));
        assertArrayEquals(plain, receive(b, send(a, plain), Verdict.OK).toByteArray());
        assertEquals(0, b.sa(SaProtocol.IPCOMP, 0x4000).counters().packets());
    }

    // --- ESP tunnel inside AH transport (KAME's sample: AH over the tunnel between the gateways) -----------------------

    static final String GATEWAY_SAS = "add 192.0.2.1 192.0.2.2 esp 0x1002 -m tunnel -E aes-cbc " + AES
            + " -A hmac-sha256 " + SHA256 + " ;\n"
            + "add 192.0.2.1 192.0.2.2 ah 0x2002 -m transport -A hmac-sha256 " + SHA256 + " ;\n";
    static final String ESP_TUNNEL_IN_AH = "esp/tunnel/192.0.2.1-192.0.2.2/require"
            + " ah/transport/192.0.2.1-192.0.2.2/require";

    @Test
    void espTunnelInsideAhTransport() {
        a.setkey(GATEWAY_SAS + "spdadd 198.51.100.0/24 203.0.113.0/24 any -P out ipsec " + ESP_TUNNEL_IN_AH + " ;\n");
        b.setkey(GATEWAY_SAS + "spdadd 198.51.100.0/24 203.0.113.0/24 any -P in ipsec " + ESP_TUNNEL_IN_AH + " ;\n");
        byte[] plain = Wire.udp4("198.51.100.7", "203.0.113.9", "between the networks");
        byte[] wire = send(a, plain);
        // gateway A to gateway B | AH | ESP | the inner packet
        assertEquals(51, Wire.protocol(wire, 0));
        assertArrayEquals(BundleHost.addr(A).getAddress(), java.util.Arrays.copyOfRange(wire, 12, 16));
        assertArrayEquals(BundleHost.addr(B).getAddress(), java.util.Arrays.copyOfRange(wire, 16, 20));
        assertEquals(50, wire[20]);
        assertEquals(0x2002, Wire.u32(wire, 24));
        assertEquals(0x1002, Wire.u32(wire, 20 + 28), "ESP behind AH with HMAC-SHA-256 (28 bytes)");

        assertArrayEquals(plain, receive(b, wire, Verdict.OK).toByteArray());

        // the tunnel alone, without the AH over it, does not satisfy the policy
        a.setkey("spdflush ;\nspdadd 198.51.100.0/24 203.0.113.0/24 any -P out ipsec"
                + " esp/tunnel/192.0.2.1-192.0.2.2/require ;\n");
        receive(b, send(a, plain), Verdict.POLICY_VIOLATION);
        assertEquals(1, b.engine.statistics().inDrops(Verdict.POLICY_VIOLATION));
    }

    @Test
    void ahTunnelCarriesEspTransportOfTheInnerHosts() {
        // the other way round: AH in tunnel mode between the gateways around ESP in transport mode
        String sas = "add 192.0.2.1 192.0.2.2 ah 0x2003 -m tunnel -A hmac-sha1 " + SHA1 + " ;\n"
                + "add 198.51.100.7 203.0.113.9 esp 0x1003 -m transport -E aes-cbc " + AES + " -A hmac-sha1 " + SHA1
                + " ;\n";
        String rules = "esp/transport//require ah/tunnel/192.0.2.1-192.0.2.2/require";
        b.locals.add(BundleHost.addr("203.0.113.9")); // gateway B is the inner host's end of ESP too
        a.setkey(sas + "spdadd 198.51.100.7 203.0.113.9 any -P out ipsec " + rules + " ;\n");
        b.setkey(sas + "spdadd 198.51.100.7 203.0.113.9 any -P in ipsec " + rules + " ;\n");
        byte[] plain = Wire.udp4("198.51.100.7", "203.0.113.9", "ESP end to end, AH between the gateways");
        byte[] wire = send(a, plain);
        assertEquals(51, Wire.protocol(wire, 0));
        assertEquals(4, wire[20], "AH carries IPv4");
        assertEquals(50, Wire.protocol(wire, 20 + 24), "the inner packet is ESP");
        assertArrayEquals(plain, receive(b, wire, Verdict.OK).toByteArray());
    }

    // --- ah-old (RFC 1826) inbound ---------------------------------------------------------------------------------

    @Test
    void ahOldSasAreAhToTheInboundPolicy() {
        String sas = "add 192.0.2.1 192.0.2.2 ah-old 0x2005 -A hmac-md5 0x505152535455565758595a5b5c5d5e5f ;\n";
        b.setkey(sas + "spdadd 192.0.2.1 192.0.2.2 any -P in ipsec ah/transport//require ;\n");
        org.ipsec4j.api.sa.SaEntry sender = new org.ipsec4j.sad.SaTable().add(b.sa(SaProtocol.AH_OLD, 0x2005).sa());
        byte[] plain = Wire.udp4(A, B, "RFC 1826 AH, KAME's 128-bit ICV");
        PacketBuffer pkt = Wire.buffer(plain);
        assertEquals(Verdict.OK, a.transforms.get(SaProtocol.AH_OLD).output(pkt, sender));
        byte[] wire = pkt.toByteArray();
        assertEquals(51, Wire.protocol(wire, 0));
        assertEquals(4, wire[21], "RFC 1826 length: 16 bytes of ICV in words");
        assertArrayEquals(plain, receive(b, wire, Verdict.OK).toByteArray());
        assertEquals(1, b.sa(SaProtocol.AH_OLD, 0x2005).counters().packets());
    }

    @Test
    void espOldSasAreEspToTheInboundPolicy() {
        String sas = "add 192.0.2.1 192.0.2.2 esp-old 0x1005 -E des-cbc 0x3134373a3d404346 ;\n";
        b.setkey(sas + "spdadd 192.0.2.1 192.0.2.2 any -P in ipsec esp/transport//require ;\n");
        org.ipsec4j.api.sa.SaEntry sender = new org.ipsec4j.sad.SaTable().add(b.sa(SaProtocol.ESP_OLD, 0x1005).sa());
        byte[] plain = Wire.udp4(A, B, "RFC 1827 ESP");
        PacketBuffer pkt = Wire.buffer(plain);
        assertEquals(Verdict.OK, a.transforms.get(SaProtocol.ESP_OLD).output(pkt, sender));
        byte[] wire = pkt.toByteArray();
        assertEquals(50, Wire.protocol(wire, 0));
        assertEquals(20 + 4 + 8 + 24, wire.length, "SPI, IV, 20 bytes of UDP with 2 of padding and the trailer");
        assertArrayEquals(plain, receive(b, wire, Verdict.OK).toByteArray());
        assertEquals(1, b.sa(SaProtocol.ESP_OLD, 0x1005).counters().packets());
    }
}
