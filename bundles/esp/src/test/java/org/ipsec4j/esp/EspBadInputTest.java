package org.ipsec4j.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.Padding;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile and broken input: each gives its own {@link Verdict}, is counted on the SA under that reason, never throws,
 * and never moves the replay window (so the genuine packet still gets through afterwards).
 */
class EspBadInputTest {
    private static final TestRegistry REGISTRY = TestRegistry.withJce();

    private static EspPair pair(String enc, String auth, IpsecMode mode) {
        return EspPair.of(REGISTRY, EspPair.sa(REGISTRY, TestSas.A4, TestSas.B4, enc, auth, mode), b -> b);
    }

    /** A genuine protected packet of {@code pair} (sequence number 1). */
    private static byte[] protect(EspPair pair, byte[] plain) {
        PacketBuffer pkt = Packets.buffer(plain);
        assertEquals(Verdict.OK, pair.sender.output(pkt, pair.out));
        return pkt.toByteArray();
    }

    private static Verdict input(EspPair pair, byte[] wire) {
        return pair.receiver.input(Packets.buffer(wire), pair.in);
    }

    private static byte[] plain4() {
        return Packets.ipv4(TestSas.A4, TestSas.B4, IpProtocol.UDP, Packets.payload(100));
    }

    /** Sets the IPv4 total length to the array's length and fixes the checksum: a packet whose lengths agree. */
    private static byte[] relength(byte[] p) {
        new Ipv4Header().bind(p, 0).setTotalLength(p.length).fillChecksum();
        return p;
    }

    private static void assertCounted(SaEntry sa, Map<Verdict, Long> expected) {
        assertEquals(expected, sa.counters().drops());
        assertEquals(0, sa.counters().packets());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"aes-cbc,hmac-sha1", "aes-gcm-16,", "chacha20-poly1305,", "null,hmac-sha256", "aes-ctr,hmac-md5"})
    void truncatedAtEveryOffset(String enc, String auth) {
        EspPair pair = pair(enc, auth, IpsecMode.TRANSPORT);
        byte[] wire = protect(pair, plain4());
        Map<Verdict, Long> drops = new EnumMap<>(Verdict.class);
        for (int len = 0; len < wire.length; len++) {
            // The bytes end early, the IP header still claims the whole packet.
            Verdict v = input(pair, Arrays.copyOf(wire, len));
            assertEquals(Verdict.TRUNCATED, v, "cut at " + len);
            drops.merge(v, 1L, Long::sum);
        }
        for (int len = 20; len < wire.length; len++) {
            // The IP header agrees with the cut: ESP itself is short, or its parts no longer line up.
            Verdict v = input(pair, relength(Arrays.copyOf(wire, len)));
            int textLen = len - 20 - 8 - ivSize(enc) - icvSize(enc, auth);
            Verdict expected = len - 20 < 8 || textLen < 2 ? Verdict.TRUNCATED
                    : textLen % Math.max(4, blockSize(enc)) != 0 ? Verdict.BAD_LENGTH : Verdict.AUTH_FAILED;
            assertEquals(expected, v, "ESP cut at " + (len - 20));
            drops.merge(v, 1L, Long::sum);
        }
        assertCounted(pair.in, drops);
        assertEquals(Verdict.OK, input(pair, wire), "the window did not move");
    }

    private static int ivSize(String enc) {
        return EspPair.key(REGISTRY, enc, 1) != null ? REGISTRY.all().stream()
                .filter(p -> p.descriptor().name().equals(enc) && p.descriptor().kind() != org.ipsec4j.api.crypto.AlgorithmKind.INTEGRITY)
                .findFirst().orElseThrow().descriptor().ivSize() : 0;
    }

    private static int blockSize(String enc) {
        return REGISTRY.all().stream().filter(p -> p.descriptor().name().equals(enc)
                && p.descriptor().kind() != org.ipsec4j.api.crypto.AlgorithmKind.INTEGRITY)
                .findFirst().orElseThrow().descriptor().blockSize();
    }

    private static int icvSize(String enc, String auth) {
        String n = auth != null ? auth : enc;
        return REGISTRY.all().stream().filter(p -> p.descriptor().name().equals(n)
                && p.descriptor().kind() != org.ipsec4j.api.crypto.AlgorithmKind.ENCRYPTION)
                .findFirst().orElseThrow().descriptor().icvSize();
    }

    @Test
    void truncatedIpv6AtEveryOffset() {
        EspPair pair = EspPair.of(REGISTRY, EspPair.sa(REGISTRY, TestSas.A6, TestSas.B6, "aes-cbc", "hmac-sha256",
                IpsecMode.TRANSPORT), b -> b);
        byte[] wire = protect(pair, EspRoundTripTest.Layout.TRANSPORT_6.packet(30));
        for (int len = 0; len < wire.length; len++) {
            assertEquals(Verdict.TRUNCATED, input(pair, Arrays.copyOf(wire, len)), "cut at " + len);
        }
        for (int len = 41; len < wire.length; len++) {
            byte[] cut = Arrays.copyOf(wire, len);
            new org.ipsec4j.api.packet.Ipv6Header().bind(cut, 0).setPayloadLength(len - 40);
            assertTrue(input(pair, cut).isDrop(), "cut at " + len);
        }
        assertEquals(0, pair.in.counters().packets());
        assertEquals(2 * wire.length - 41, pair.in.counters().drops().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(Verdict.OK, input(pair, wire));
    }

    @Test
    void ipLengthsThatLie() {
        EspPair pair = pair("aes-cbc", "hmac-sha1", IpsecMode.TRANSPORT);
        byte[] wire = protect(pair, plain4());
        Ipv4Header ip = new Ipv4Header();

        byte[] longer = wire.clone();
        ip.bind(longer, 0).setTotalLength(wire.length + 1).fillChecksum();
        assertEquals(Verdict.TRUNCATED, input(pair, longer));

        byte[] belowHeader = wire.clone();
        ip.bind(belowHeader, 0).setTotalLength(19).fillChecksum();
        assertEquals(Verdict.BAD_LENGTH, input(pair, belowHeader));

        byte[] hugeIhl = wire.clone();
        hugeIhl[0] = 0x4f;
        assertEquals(Verdict.BAD_HEADER, input(pair, hugeIhl), "options that are not there break the checksum");

        byte[] badSum = wire.clone();
        badSum[11] ^= 1;
        assertEquals(Verdict.BAD_HEADER, input(pair, badSum));

        byte[] notEsp = wire.clone();
        ip.bind(notEsp, 0).setProtocol(IpProtocol.AH).fillChecksum();
        assertEquals(Verdict.BAD_HEADER, input(pair, notEsp));

        byte[] fragment = wire.clone();
        fragment[6] = 0x20;
        ip.bind(fragment, 0).fillChecksum();
        assertEquals(Verdict.BAD_HEADER, input(pair, fragment));

        byte[] version5 = wire.clone();
        version5[0] = 0x55;
        assertEquals(Verdict.BAD_HEADER, input(pair, version5));

        byte[] padded = Arrays.copyOf(wire, wire.length + 6); // link-layer padding beyond the IP length is fine
        assertEquals(Verdict.OK, input(pair, padded));
        assertEquals(Map.of(Verdict.TRUNCATED, 1L, Verdict.BAD_LENGTH, 1L, Verdict.BAD_HEADER, 5L),
                pair.in.counters().drops());
        assertEquals(1, pair.in.counters().packets());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"aes-cbc,hmac-sha1", "aes-gcm-16,", "chacha20-poly1305,", "null,hmac-sha256", "aes-gmac,"})
    void everyBitFlippedFailsAsItShould(String enc, String auth) {
        EspPair pair = pair(enc, auth, IpsecMode.TRANSPORT);
        byte[] wire = protect(pair, plain4());
        Map<Verdict, Long> drops = new EnumMap<>(Verdict.class);
        for (int bit = 20 * 8; bit < wire.length * 8; bit++) {
            byte[] bad = wire.clone();
            bad[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            Verdict v = input(pair, bad);
            int at = bit / 8 - 20;
            Verdict expected = at < 4 ? Verdict.NO_SA : at == 7 && bit % 8 == 7 ? Verdict.REPLAY : Verdict.AUTH_FAILED;
            assertEquals(expected, v, "bit " + (bit - 160) + " of ESP");
            drops.merge(v, 1L, Long::sum);
        }
        assertCounted(pair.in, drops);
        assertEquals(4 * 8, drops.get(Verdict.NO_SA));
        assertEquals(1, drops.get(Verdict.REPLAY), "sequence number 1 flipped to 0");
        assertEquals(Verdict.OK, input(pair, wire), "no forgery moved the window");
        assertEquals(Verdict.REPLAY, input(pair, wire));
    }

    private static SecurityAssociation nullSha256(IpsecMode mode, Padding padding) {
        return EspPair.sa(REGISTRY, TestSas.A4, TestSas.B4, "null", "hmac-sha256", mode).padding(padding).build();
    }

    @Test
    void badPadding() {
        SecurityAssociation sa = nullSha256(IpsecMode.TRANSPORT, Padding.SEQUENTIAL);
        EspPair pair = new EspPair(REGISTRY, sa);
        byte[] udp = Packets.payload(12);
        // pad length beyond the payload
        assertEquals(Verdict.BAD_PADDING, input(pair, EspCrafter.ipv4(REGISTRY, sa, 1, udp, new byte[2], 200, 17)));
        // 1, 2, 4 is not RFC 4303's 1, 2, 3
        assertEquals(Verdict.BAD_PADDING,
                input(pair, EspCrafter.ipv4(REGISTRY, sa, 2, udp, new byte[] {1, 2, 4, 0, 0, 0}, 3, 17)));
        // zeros where 1, 2 belong
        assertEquals(Verdict.BAD_PADDING, input(pair, EspCrafter.ipv4(REGISTRY, sa, 3, udp, new byte[2], 2, 17)));
        // the right padding passes, and longer padding than needed too (RFC 4303 allows up to 255)
        assertEquals(Verdict.OK, input(pair, EspCrafter.ipv4(REGISTRY, sa, 4, udp, EspCrafter.seqPad(2), 2, 17)));
        assertEquals(Verdict.OK, input(pair, EspCrafter.ipv4(REGISTRY, sa, 5, udp, EspCrafter.seqPad(6), 6, 17)));
        assertEquals(Map.of(Verdict.BAD_PADDING, 3L), pair.in.counters().drops());
        assertEquals(2, pair.in.counters().packets());

        SecurityAssociation zero = nullSha256(IpsecMode.TRANSPORT, Padding.ZERO);
        EspPair lenient = new EspPair(REGISTRY, zero);
        assertEquals(Verdict.OK, input(lenient, EspCrafter.ipv4(REGISTRY, zero, 1, udp, new byte[] {9, 9}, 2, 17)),
                "an SA without sequential padding does not inspect the pad bytes");
    }

    @Test
    void unknownAndWrongNextHeaders() {
        byte[] udp = Packets.payload(12);
        SecurityAssociation t = nullSha256(IpsecMode.TRANSPORT, Padding.SEQUENTIAL);
        EspPair transport = new EspPair(REGISTRY, t);
        assertEquals(Verdict.BAD_NEXT_HEADER, input(transport, EspCrafter.ipv4(REGISTRY, t, 1, udp, EspCrafter.seqPad(2), 2, 255)));
        assertEquals(Verdict.BAD_NEXT_HEADER, input(transport, EspCrafter.ipv4(REGISTRY, t, 2, udp, EspCrafter.seqPad(2), 2, 0)));
        assertEquals(Verdict.DUMMY, input(transport, EspCrafter.ipv4(REGISTRY, t, 3, udp, EspCrafter.seqPad(2), 2, 59)));
        assertEquals(Verdict.REPLAY, input(transport, EspCrafter.ipv4(REGISTRY, t, 3, udp, EspCrafter.seqPad(2), 2, 59)),
                "a dummy packet is authentic: its number is used up");
        assertEquals(Map.of(Verdict.BAD_NEXT_HEADER, 2L, Verdict.DUMMY, 1L, Verdict.REPLAY, 1L),
                transport.in.counters().drops());

        SecurityAssociation u = nullSha256(IpsecMode.TUNNEL, Padding.SEQUENTIAL);
        EspPair tunnel = new EspPair(REGISTRY, u);
        byte[] inner4 = Packets.ipv4(TestSas.ip("10.1.1.1"), TestSas.ip("10.2.2.2"), 17, Packets.payload(10)); // 30 bytes
        assertEquals(Verdict.BAD_NEXT_HEADER, input(tunnel, EspCrafter.ipv4(REGISTRY, u, 1, inner4, EspCrafter.seqPad(0), 0, 6)),
                "a tunnel carries IP packets only");
        assertEquals(Verdict.BAD_HEADER, input(tunnel, EspCrafter.ipv4(REGISTRY, u, 2, inner4, EspCrafter.seqPad(0), 0, 41)),
                "next header says IPv6, the packet is IPv4");
        byte[] lying = inner4.clone();
        new Ipv4Header().bind(lying, 0).setTotalLength(31).fillChecksum();
        assertEquals(Verdict.BAD_LENGTH, input(tunnel, EspCrafter.ipv4(REGISTRY, u, 3, lying, EspCrafter.seqPad(0), 0, 4)),
                "inner length beyond the payload");
        byte[] tfc = Arrays.copyOf(inner4, 38); // 8 bytes of TFC padding behind the inner packet
        PacketBuffer pkt = Packets.buffer(EspCrafter.ipv4(REGISTRY, u, 4, tfc, EspCrafter.seqPad(0), 0, 4));
        assertEquals(Verdict.OK, tunnel.receiver.input(pkt, tunnel.in));
        assertEquals(TestSas.hex(inner4), TestSas.hex(pkt.toByteArray()), "TFC padding removed");
        assertEquals(Map.of(Verdict.BAD_NEXT_HEADER, 1L, Verdict.BAD_HEADER, 1L, Verdict.BAD_LENGTH, 1L),
                tunnel.in.counters().drops());
    }

    @Test
    void replayedAndTooOldPackets() {
        EspPair pair = pair("aes-gcm-16", null, IpsecMode.TRANSPORT); // window: 32 bytes, 256 packets
        byte[][] wires = new byte[300][];
        for (int i = 0; i < wires.length; i++) {
            wires[i] = protect(pair, plain4());
        }
        assertEquals(Verdict.OK, input(pair, wires[0]));
        assertEquals(Verdict.REPLAY, input(pair, wires[0]));
        assertEquals(Verdict.OK, input(pair, wires[299]));
        assertEquals(Verdict.OK, input(pair, wires[299 - 255]), "the oldest number inside the window");
        assertEquals(Verdict.REPLAY, input(pair, wires[299 - 256]), "just left of the window");
        assertEquals(Verdict.REPLAY, input(pair, wires[1]));
        assertEquals(Verdict.REPLAY, input(pair, wires[299]));
        assertEquals(Map.of(Verdict.REPLAY, 4L), pair.in.counters().drops());
        assertEquals(3, pair.in.counters().packets());
    }

    @Test
    void ecnCongestionOnANonEcnInnerPacketIsDropped() {
        EspPair pair = pair("aes-cbc", "hmac-sha1", IpsecMode.TUNNEL);
        byte[] inner = Packets.ipv4(TestSas.ip("10.1.1.1"), TestSas.ip("10.2.2.2"), 17, Packets.payload(20));
        byte[] wire = protect(pair, inner);
        byte[] ce = wire.clone();
        new Ipv4Header().bind(ce, 0).setEcn(3).fillChecksum();
        assertEquals(Verdict.ECN_DROP, input(pair, ce));

        byte[] ect = inner.clone();
        new Ipv4Header().bind(ect, 0).setEcn(2).fillChecksum();
        byte[] wire2 = protect(pair, ect);
        assertEquals(2, new Ipv4Header().bind(wire2, 0).ecn(), "ECN copied out");
        new Ipv4Header().bind(wire2, 0).setEcn(3).fillChecksum();
        PacketBuffer pkt = Packets.buffer(wire2);
        assertEquals(Verdict.OK, pair.receiver.input(pkt, pair.in));
        Ipv4Header got = new Ipv4Header();
        assertEquals(Verdict.OK, got.wrap(pkt));
        assertEquals(3, got.ecn(), "congestion experienced reaches the inner packet");
        assertTrue(got.verifyChecksum());
        assertEquals(Map.of(Verdict.ECN_DROP, 1L), pair.in.counters().drops());
    }

    @Test
    void emptyAndGarbageBuffers() {
        EspPair pair = pair("aes-cbc", "hmac-sha1", IpsecMode.TRANSPORT);
        assertEquals(Verdict.TRUNCATED, input(pair, new byte[0]));
        assertEquals(Verdict.TRUNCATED, pair.sender.output(Packets.buffer(new byte[0]), pair.out));
        java.util.Random r = new java.util.Random(4303);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[r.nextInt(120)];
            r.nextBytes(junk);
            assertTrue(input(pair, junk).isDrop());
            if (junk.length > 0) {
                junk[0] = 0x45;
            }
            assertTrue(input(pair, junk).isDrop());
        }
        long counted = pair.in.counters().drops().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(4001, counted);
    }
}
