package org.ipsec4j.itests.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.EnumMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ipsec4j.api.packet.InternetChecksum;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.SaCounters;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.engine.EngineStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Padding and length lies, and truncation at every offset. The lies come with a valid ICV: they are what a peer that
 * holds the keys (or a broken implementation) can send, so they reach the checks behind the ICV; the packets are built
 * here by hand for a null-encryption ESP SA with HMAC-SHA-256 in transport and in tunnel mode. Each gets its exact
 * verdict, is counted on the SA and by the engine, and nothing is delivered.
 */
class MalformedPacketAttackTest {
    private static final String KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String SAS = "add 192.0.2.60 192.0.2.2 esp 0x2060 -m transport -E null -A hmac-sha256 0x" + KEY
            + " ;\nadd 192.0.2.61 192.0.2.2 esp 0x2061 -m tunnel -E null -A hmac-sha256 0x" + KEY + " ;\n";

    /** An ESP packet from {@code src} with a valid ICV: {@code text} is payload, padding, pad length, next header. */
    static byte[] esp(String src, int spi, int seq, byte[] text) throws Exception {
        int len = 20 + 8 + text.length + 16;
        byte[] p = new byte[len];
        p[0] = 0x45;
        Packets.put16(p, 2, len);
        p[8] = 64;
        p[9] = 50;
        System.arraycopy(Node.address(src).getAddress(), 0, p, 12, 4);
        System.arraycopy(Node.address(Family.RECEIVER4).getAddress(), 0, p, 16, 4);
        Packets.put16(p, 10, InternetChecksum.compute(p, 0, 20));
        Packets.put32(p, 20, spi);
        Packets.put32(p, 24, seq);
        System.arraycopy(text, 0, p, 28, text.length);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(java.util.HexFormat.of().parseHex(KEY), "HmacSHA256"));
        mac.update(p, 20, 8 + text.length);
        System.arraycopy(mac.doFinal(), 0, p, 28 + text.length, 16);
        return p;
    }

    /** {@code payload}, then {@code pad} bytes of padding (1, 2, 3, ... unless {@code padByte} is set), pad length, next header. */
    static byte[] text(byte[] payload, int pad, int padLengthField, int nextHeader, int padByte) {
        byte[] t = new byte[payload.length + pad + 2];
        System.arraycopy(payload, 0, t, 0, payload.length);
        for (int i = 0; i < pad; i++) {
            t[payload.length + i] = (byte) (padByte >= 0 ? padByte : i + 1);
        }
        t[t.length - 2] = (byte) padLengthField;
        t[t.length - 1] = (byte) nextHeader;
        return t;
    }

    private static final byte[] UDP = java.util.Arrays.copyOfRange(
            Packets.udp4("192.0.2.60", Family.RECEIVER4, 1, Packets.payload(1, 30)), 20, 58); // 8 + 30 bytes

    @Test
    void liesBehindAValidIcvGetTheirExactVerdicts() throws Exception {
        byte[] inner = Packets.udp4("198.51.100.10", "203.0.113.10", 7, Packets.payload(7, 30)); // 58 bytes
        Object[][] cases = {
            // description, source, spi, text, verdict
            {"the control: a well-formed packet", "192.0.2.60", 0x2060, text(UDP, 0, 0, 17, -1), Verdict.OK},
            {"pad length longer than the payload", "192.0.2.60", 0x2060, text(UDP, 0, 255, 17, -1), Verdict.BAD_PADDING},
            {"pad length one more than there is", "192.0.2.60", 0x2060, text(new byte[0], 2, 3, 17, -1), Verdict.BAD_PADDING},
            {"padding not 1, 2, 3, ...", "192.0.2.60", 0x2060, text(UDP, 4, 4, 17, 0), Verdict.BAD_PADDING},
            {"dummy packet (next header 59)", "192.0.2.60", 0x2060, text(UDP, 0, 0, 59, -1), Verdict.DUMMY},
            {"next header 0 (hop-by-hop) in transport mode", "192.0.2.60", 0x2060, text(UDP, 0, 0, 0, -1), Verdict.BAD_NEXT_HEADER},
            {"next header 255 (reserved)", "192.0.2.60", 0x2060, text(UDP, 0, 0, 255, -1), Verdict.BAD_NEXT_HEADER},
            {"text not a multiple of 4", "192.0.2.60", 0x2060, text(UDP, 1, 1, 17, -1), Verdict.BAD_LENGTH},
            {"tunnel: the control", "192.0.2.61", 0x2061, text(inner, 0, 0, 4, -1), Verdict.OK},
            {"tunnel: inner length longer than the payload", "192.0.2.61", 0x2061,
                text(lengthLie(inner, inner.length + 4), 0, 0, 4, -1), Verdict.BAD_LENGTH},
            {"tunnel: inner length shorter than its header", "192.0.2.61", 0x2061,
                text(lengthLie(inner, 12), 0, 0, 4, -1), Verdict.BAD_LENGTH},
            {"tunnel: next header says IPv6, the packet is IPv4", "192.0.2.61", 0x2061,
                text(inner, 0, 0, 41, -1), Verdict.BAD_HEADER},
            {"tunnel: next header UDP where a packet must be", "192.0.2.61", 0x2061,
                text(inner, 0, 0, 17, -1), Verdict.BAD_NEXT_HEADER},
        };
        try (Node receiver = new Node(Family.RECEIVER4)) {
            receiver.setkey(SAS);
            PacketBuffer b = Packets.buffer();
            Map<Verdict, Integer> sent = new EnumMap<>(Verdict.class);
            int seq = 1;
            for (Object[] c : cases) {
                byte[] packet = esp((String) c[1], (Integer) c[2], seq++, (byte[]) c[3]);
                b.set(org.ipsec4j.api.io.PacketBuffers.HEADROOM, packet, 0, packet.length);
                assertEquals(c[4], receiver.engine.input(b), (String) c[0]);
                sent.merge((Verdict) c[4], 1, Integer::sum);
                if (c[4] == Verdict.OK && (Integer) c[2] == 0x2061) {
                    assertArrayEquals(inner, b.toByteArray(), "the tunnel's inner packet");
                }
            }
            EngineStatistics stats = receiver.engine.statistics();
            SaCounters transport = receiver.sad.get(new org.ipsec4j.api.sa.SaId(Node.address(Family.RECEIVER4),
                    org.ipsec4j.api.sa.SaProtocol.ESP, 0x2060)).orElseThrow().counters();
            SaCounters tunnel = receiver.sad.get(new org.ipsec4j.api.sa.SaId(Node.address(Family.RECEIVER4),
                    org.ipsec4j.api.sa.SaProtocol.ESP, 0x2061)).orElseThrow().counters();
            for (Map.Entry<Verdict, Integer> e : sent.entrySet()) {
                if (e.getKey() == Verdict.OK) {
                    assertEquals((long) e.getValue(), stats.inSuccess());
                    assertEquals((long) e.getValue(), transport.packets() + tunnel.packets());
                } else {
                    assertEquals((long) e.getValue(), stats.inDrops(e.getKey()), e.getKey().counterName());
                    assertEquals((long) e.getValue(), transport.drops(e.getKey()) + tunnel.drops(e.getKey()),
                            "the SAs count " + e.getKey().counterName());
                }
            }
        }
    }

    /** {@code ip} with its IPv4 total length set to {@code length} and the checksum made right. */
    private static byte[] lengthLie(byte[] ip, int length) {
        byte[] p = ip.clone();
        Packets.put16(p, 2, length);
        Packets.put16(p, 10, 0);
        Packets.put16(p, 10, InternetChecksum.compute(p, 0, 20));
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("org.ipsec4j.itests.security.Family#ALL")
    void truncationAtEveryOffsetIsDropped(Family f) {
        try (Lab lab = new Lab(java.util.List.of(f), 8)) {
            byte[] plain = Lab.plaintext(f, 1, 200);
            byte[] wire = lab.protect(plain);
            PacketBuffer b = Packets.buffer();
            EngineStatistics before = lab.receiver.engine.statistics();
            int sent = 0;
            for (int n = 0; n < wire.length; n++) {
                byte[] cut = java.util.Arrays.copyOf(wire, n);
                assertNotEquals(Verdict.OK, lab.receive(cut, b), f + ": cut to " + n + " bytes");
                sent++;
                if (n >= 40 || (f.ipv4() && n >= 20)) {
                    // the same, with the IP length made to agree (and the IPv4 checksum right)
                    byte[] agreeing = cut.clone();
                    if (f.ipv4()) {
                        Packets.put16(agreeing, 2, n);
                        InboundPacketFuzzTest.fixIpv4Checksum(agreeing);
                    } else {
                        Packets.put16(agreeing, 4, n - 40);
                    }
                    Verdict v = lab.receive(agreeing, b);
                    if (n == 20 || n == 40) {
                        assertNotEquals(Verdict.OK, v, f + ": only the IP header");
                    } else {
                        assertNotEquals(Verdict.OK, v, f + ": cut to " + n + " bytes with the length agreeing");
                    }
                    sent++;
                }
            }
            EngineStatistics after = lab.receiver.engine.statistics();
            assertEquals(sent, after.inDropped() - before.inDropped(), f + ": every cut packet counted");
            assertEquals(Verdict.OK, lab.receive(wire, b), f + ": the whole packet still passes");
        }
    }
}
