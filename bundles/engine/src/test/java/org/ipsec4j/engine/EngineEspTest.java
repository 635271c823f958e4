package org.ipsec4j.engine;

import static org.ipsec4j.engine.TestPackets.buffer;
import static org.ipsec4j.engine.TestPackets.espSpi;
import static org.ipsec4j.engine.TestPackets.ipv4;
import static org.ipsec4j.engine.TestPackets.ipv6;
import static org.ipsec4j.engine.TestPackets.protocol;
import static org.ipsec4j.engine.TestPackets.udp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines, host (or gateway) A and B, each with its own SAD, SPD and ESP, configured with the KAME guide's
 * statements on TEST-NET addresses: what A sends is what B receives.
 */
class EngineEspTest {
    private static final String A = "192.0.2.1";
    private static final String B = "192.0.2.2";
    /** The guide's SAs: DES-CBC with the key "hogehoge", SPI 9998 from A to B and 9999 back. */
    private static final String GUIDE_SAS = "add 192.0.2.1 192.0.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n"
            + "add 192.0.2.2 192.0.2.1 esp 9999 -E des-cbc \"hogehoge\" ;\n";
    private static final String AUTH_SAS = "add 192.0.2.1 192.0.2.2 esp 0x1000 -m transport"
            + " -E aes-cbc 0x000102030405060708090a0b0c0d0e0f"
            + " -A hmac-sha256 0x101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f ;\n";

    private final Host a = new Host(A);
    private final Host b = new Host(B);

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    /** A sends {@code packet}; asserts it went out as ESP with {@code spi}; returns the wire bytes. */
    private static byte[] send(Host from, byte[] packet, long spi) {
        PacketBuffer pkt = buffer(packet);
        assertEquals(Verdict.OK, from.engine.output(pkt));
        byte[] wire = pkt.toByteArray();
        assertEquals(50, protocol(wire), "ESP on the wire");
        assertEquals(spi, espSpi(wire));
        return wire;
    }

    private static PacketBuffer receive(Host at, byte[] wire, Verdict expected) {
        PacketBuffer pkt = buffer(wire);
        assertEquals(expected, at.engine.input(pkt));
        return pkt;
    }

    private static boolean contains(byte[] haystack, String text) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(text);
    }

    @Test
    void guideTransportModeBetweenTwoHosts() {
        a.setkey(GUIDE_SAS + "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//use;\n");
        b.setkey(GUIDE_SAS + "spdadd 192.0.2.2 192.0.2.1 any -P out ipsec esp/transport//use;\n");
        byte[] request = ipv4(A, B, 17, udp(4000, 53, "secret question"));
        byte[] wire = send(a, request, 9998);
        assertFalse(contains(wire, "secret question"), "the payload is encrypted");
        assertArrayEquals(request, receive(b, wire, Verdict.OK).toByteArray());

        byte[] reply = ipv4(B, A, 17, udp(53, 4000, "secret answer"));
        byte[] back = send(b, reply, 9999);
        assertArrayEquals(reply, receive(a, back, Verdict.OK).toByteArray());

        assertEquals(1, a.engine.statistics().outSuccess());
        assertEquals(1, a.engine.statistics().inSuccess());
        assertEquals(1, b.engine.statistics().inSuccess());
        assertEquals(1, b.engine.statistics().outSuccess());
        assertEquals(1, b.sad.dump().stream().filter(e -> e.sa().spi() == 9998).findFirst().orElseThrow()
                .counters().packets());
        // Packets to other hosts are not protected.
        byte[] dns = ipv4(A, "192.0.2.53", 17, udp(4000, 53, "public"));
        PacketBuffer p = buffer(dns);
        assertEquals(Verdict.OK, a.engine.output(p));
        assertArrayEquals(dns, p.toByteArray());
    }

    @Test
    void tamperedAndReplayedPacketsAreDroppedAndCounted() {
        a.setkey(AUTH_SAS + "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//require;\n");
        b.setkey(AUTH_SAS.replace("-m transport", "-m transport -r 32")
                + "spdadd 192.0.2.1 192.0.2.2 any -P in ipsec esp/transport//require;\n");
        byte[] first = send(a, ipv4(A, B, 17, udp(1, 2, "one")), 0x1000);
        byte[] second = send(a, ipv4(A, B, 17, udp(1, 2, "two")), 0x1000);
        byte[] tampered = second.clone();
        tampered[tampered.length - 20] ^= 1;
        receive(b, tampered, Verdict.AUTH_FAILED);
        receive(b, first, Verdict.OK);
        receive(b, second, Verdict.OK);
        receive(b, first, Verdict.REPLAY);
        EngineStatistics s = b.engine.statistics();
        assertEquals(2, s.inSuccess());
        assertEquals(1, s.inAuthFailed());
        assertEquals(1, s.inReplay());
    }

    @Test
    void requireDropsPlaintextAndAcceptsEsp() {
        a.setkey(GUIDE_SAS + "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//require;\n");
        b.setkey(GUIDE_SAS + "spdadd 192.0.2.1 192.0.2.2 any -P in ipsec esp/transport//require;\n");
        byte[] plain = ipv4(A, B, 17, udp(1, 2, "plain"));
        receive(b, plain, Verdict.POLICY_VIOLATION);
        receive(b, send(a, plain, 9998), Verdict.OK);
        assertEquals(1, b.engine.statistics().inPolicyViolation());
        assertEquals(1, b.engine.statistics().inSuccess());
    }

    @Test
    void espOfTheWrongModeOrWithoutSaIsRefused() {
        // SAs of a definite mode: with mode any and equal inner and outer addresses either mode would fit.
        String sas = GUIDE_SAS.replace("esp 9998", "esp 9998 -m transport");
        a.setkey(sas + "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//require;\n");
        b.setkey(sas + "spdadd 192.0.2.1 192.0.2.2 any -P in ipsec esp/tunnel/192.0.2.1-192.0.2.2/require;\n");
        receive(b, send(a, ipv4(A, B, 17, udp(1, 2, "t")), 9998), Verdict.POLICY_VIOLATION);
        b.setkey("delete 192.0.2.1 192.0.2.2 esp 9998;\n");
        receive(b, send(a, ipv4(A, B, 17, udp(1, 2, "t")), 9998), Verdict.NO_SA);
        assertEquals(1, b.engine.statistics().inNoSa());
    }

    @Test
    void guideSiteToSiteTunnelBetweenTwoGateways() {
        a.setkey(GUIDE_SAS
                + "spdadd 198.51.100.0/24 203.0.113.0/24 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/require;\n"
                + "spdadd 203.0.113.0/24 198.51.100.0/24 any -P in ipsec esp/tunnel/192.0.2.2-192.0.2.1/require;\n");
        b.setkey(GUIDE_SAS
                + "spdadd 203.0.113.0/24 198.51.100.0/24 any -P out ipsec esp/tunnel/192.0.2.2-192.0.2.1/require;\n"
                + "spdadd 198.51.100.0/24 203.0.113.0/24 any -P in ipsec esp/tunnel/192.0.2.1-192.0.2.2/require;\n");
        byte[] inner = ipv4("198.51.100.7", "203.0.113.9", 17, udp(1000, 2000, "site to site"), 0x4000, 0x02);
        byte[] wire = send(a, inner, 9998);
        assertEquals(A, TestPackets.addr(A).getHostAddress());
        assertArrayEquals(TestPackets.addr(A).getAddress(), java.util.Arrays.copyOfRange(wire, 12, 16));
        assertArrayEquals(TestPackets.addr(B).getAddress(), java.util.Arrays.copyOfRange(wire, 16, 20));
        assertEquals(0, wire[1] & 3, "ecn=0: the outer header is not ECN-capable");
        assertEquals(0, wire[6] & 0x40, "dfbit=0: DF cleared on the outer header");
        assertArrayEquals(inner, receive(b, wire, Verdict.OK).toByteArray());

        byte[] back = ipv4("203.0.113.9", "198.51.100.7", 17, udp(2000, 1000, "and back"));
        assertArrayEquals(back, receive(a, send(b, back, 9999), Verdict.OK).toByteArray());

        // Plaintext between the sites is refused at the gateway that demands the tunnel.
        receive(b, inner, Verdict.POLICY_VIOLATION);
        assertEquals(1, b.engine.statistics().inPolicyViolation());
    }

    @Test
    void dfbitAndEcnSettingsShapeTheOuterHeader() {
        a.setkey(GUIDE_SAS
                + "spdadd 198.51.100.0/24 203.0.113.0/24 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/require;\n");
        a.settings.dfbit(EngineSettings.DF_COPY).ecn(EngineSettings.ECN_ALLOWED);
        byte[] wire = send(a, ipv4("198.51.100.7", "203.0.113.9", 17, udp(1, 2, "x"), 0x4000, 0xb9), 9998);
        assertEquals(0xb9, wire[1] & 0xff, "DSCP and ECN copied");
        assertEquals(0x40, wire[6] & 0x40, "DF copied");
        assertEquals(0, org.ipsec4j.api.packet.InternetChecksum.compute(wire, 0, 20), "checksum refreshed");
        a.settings.dfbit(EngineSettings.DF_SET).ecn(EngineSettings.ECN_FORBIDDEN);
        wire = send(a, ipv4("198.51.100.7", "203.0.113.9", 17, udp(1, 2, "y"), 0, 0xb9), 9998);
        assertEquals(0xb8, wire[1] & 0xff);
        assertEquals(0x40, wire[6] & 0x40, "DF set");
    }

    @Test
    void ipv6TransportAndTunnel() {
        String sas = "add 2001:db8::1 2001:db8::2 esp 0x2001 -E aes-cbc 0x000102030405060708090a0b0c0d0e0f"
                + " -A hmac-sha1 0x0102030405060708090a0b0c0d0e0f1011121314 ;\n";
        Host a6 = new Host("2001:db8::1");
        Host b6 = new Host("2001:db8::2");
        try {
            a6.setkey(sas + "spdadd 2001:db8::1 2001:db8::2 any -P out ipsec esp/transport//require;\n"
                    + "spdadd 2001:db8:a::/48 2001:db8:b::/48 any -P out ipsec esp/tunnel/2001:db8::1-2001:db8::2/require;\n");
            b6.setkey(sas + "spdadd 2001:db8::1 2001:db8::2 any -P in ipsec esp/transport//require;\n"
                    + "spdadd 2001:db8:a::/48 2001:db8:b::/48 any -P in ipsec esp/tunnel/2001:db8::1-2001:db8::2/require;\n");
            byte[] hostPacket = ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 2, "v6 transport"));
            assertArrayEquals(hostPacket, receive(b6, send(a6, hostPacket, 0x2001), Verdict.OK).toByteArray());
            byte[] sitePacket = ipv6("2001:db8:a::7", "2001:db8:b::9", 17, udp(1, 2, "v6 tunnel"));
            byte[] wire = send(a6, sitePacket, 0x2001);
            assertEquals(50, wire[6]);
            assertArrayEquals(sitePacket, receive(b6, wire, Verdict.OK).toByteArray());
            receive(b6, sitePacket, Verdict.POLICY_VIOLATION);
            assertEquals(2, b6.engine.statistics().inSuccess());
        } finally {
            a6.close();
            b6.close();
        }
    }

    @Test
    void nestedSasAreRemovedOneAfterTheOtherAndCheckedInOrder() {
        String sas = "add 192.0.2.1 192.0.2.2 esp 0x100 -m tunnel -E aes-cbc 0x000102030405060708090a0b0c0d0e0f ;\n"
                + "add 192.0.2.1 192.0.2.2 esp 0x200 -m transport -E aes-cbc 0x0f0e0d0c0b0a09080706050403020100"
                + " -A hmac-sha1 0x0102030405060708090a0b0c0d0e0f1011121314 ;\n";
        String bundle = "esp/tunnel/192.0.2.1-192.0.2.2/require esp/transport//require";
        a.setkey(sas + "spdadd 198.51.100.0/24 203.0.113.0/24 any -P out ipsec " + bundle + ";\n");
        b.setkey(sas + "spdadd 198.51.100.0/24 203.0.113.0/24 any -P in ipsec " + bundle + ";\n");
        byte[] inner = ipv4("198.51.100.7", "203.0.113.9", 17, udp(1, 2, "nested"));
        byte[] wire = send(a, inner, 0x200);
        assertArrayEquals(inner, receive(b, wire, Verdict.OK).toByteArray());

        // A packet with only the inner tunnel SA misses the outer transport rule.
        Host c = new Host(A);
        try {
            c.setkey(sas + "spdadd 198.51.100.0/24 203.0.113.0/24 any -P out ipsec "
                    + "esp/tunnel/192.0.2.1-192.0.2.2/require;\n");
            receive(b, send(c, inner, 0x100), Verdict.POLICY_VIOLATION);
        } finally {
            c.close();
        }
        assertEquals(1, b.engine.statistics().inSuccess());
        assertEquals(1, b.engine.statistics().inPolicyViolation());
    }

    @Test
    void uniqueRulePicksTheSaOfItsReqid() {
        String sas = "add 192.0.2.1 192.0.2.2 esp 0x400 -m transport -E aes-cbc 0x000102030405060708090a0b0c0d0e0f ;\n"
                + "add 192.0.2.1 192.0.2.2 esp 0x500 -m transport -u 5 -E aes-cbc 0x0f0e0d0c0b0a09080706050403020100 ;\n"
                + "add 192.0.2.1 192.0.2.2 esp 0x600 -m transport -E aes-cbc 0x00112233445566778899aabbccddeeff ;\n";
        a.setkey(sas + "spdadd 192.0.2.1 192.0.2.2 udp -P out ipsec esp/transport//unique:5;\n");
        b.setkey(sas + "spdadd 192.0.2.1 192.0.2.2 udp -P in ipsec esp/transport//unique:5;\n");
        byte[] p = ipv4(A, B, 17, udp(1, 2, "unique"));
        assertArrayEquals(p, receive(b, send(a, p, 0x500), Verdict.OK).toByteArray());
        // The same packet under another SA does not satisfy unique:5.
        Host c = new Host(A);
        try {
            c.setkey(sas + "spdadd 192.0.2.1 192.0.2.2 udp -P out ipsec esp/transport//require;\n");
            byte[] wire = buffer(p).toByteArray();
            PacketBuffer pkt = buffer(wire);
            assertEquals(Verdict.OK, c.engine.output(pkt));
            assertTrue(espSpi(pkt.toByteArray()) != 0x500);
            receive(b, pkt.toByteArray(), Verdict.POLICY_VIOLATION);
        } finally {
            c.close();
        }
    }
}
