package org.ipsec4j.ah;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6Header;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.sad.SaTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile and broken input: each gives its own {@link Verdict}, is counted on the SA under that reason, never throws,
 * and never moves the replay window (so the genuine packet still gets through afterwards).
 */
class AhBadInputTest {
    private static final TestRegistry REGISTRY = TestRegistry.withAll();

    private static Fixtures.Pair pair(String alg, int keyBytes, boolean six, IpsecMode mode) {
        SecurityAssociation sa = Fixtures.ah(six ? Fixtures.A6 : Fixtures.A4, six ? Fixtures.B6 : Fixtures.B4, alg,
                Fixtures.key(keyBytes, 1), mode, false).build();
        return Fixtures.Pair.of(REGISTRY, sa);
    }

    private static byte[] protect(Fixtures.Pair pair, byte[] plain) {
        PacketBuffer pkt = Fixtures.buffer(plain);
        assertEquals(Verdict.OK, pair.sender().output(pkt, pair.out()));
        return pkt.toByteArray();
    }

    private static Verdict input(Fixtures.Pair pair, byte[] wire) {
        return pair.receiver().input(Fixtures.buffer(wire), pair.in());
    }

    private static byte[] plain4() {
        return Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.UDP, Fixtures.payload(50));
    }

    private static byte[] plain6() {
        return Fixtures.ipv6(Fixtures.A6, Fixtures.B6, IpProtocol.UDP, Fixtures.payload(50));
    }

    /** Sets the IPv4 total length to the array's length and fixes the checksum: a packet whose lengths agree. */
    private static byte[] relength4(byte[] p) {
        new Ipv4Header().bind(p, 0).setTotalLength(p.length).fillChecksum();
        return p;
    }

    private static void assertCounted(SaEntry sa, Map<Verdict, Long> expected) {
        assertEquals(expected, sa.counters().drops());
        assertEquals(0, sa.counters().packets());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"hmac-sha1,20,24", "hmac-sha256,32,28", "aes-gmac,20,36", "hmac-sha512,64,44"})
    void truncatedAtEveryOffset(String alg, int keyBytes, int ahLen) {
        Fixtures.Pair pair = pair(alg, keyBytes, false, IpsecMode.TRANSPORT);
        byte[] wire = protect(pair, plain4());
        Map<Verdict, Long> drops = new EnumMap<>(Verdict.class);
        for (int len = 0; len < wire.length; len++) {
            // The bytes end early, the IP header still claims the whole packet.
            Verdict v = input(pair, Arrays.copyOf(wire, len));
            assertEquals(Verdict.TRUNCATED, v, "cut at " + len);
            drops.merge(v, 1L, Long::sum);
        }
        for (int len = 20; len < wire.length; len++) {
            // The IP header agrees with the cut: AH itself is short, or the payload is.
            Verdict v = input(pair, relength4(Arrays.copyOf(wire, len)));
            Verdict expected = len - 20 < ahLen ? Verdict.TRUNCATED : Verdict.AUTH_FAILED;
            assertEquals(expected, v, "AH cut at " + (len - 20));
            drops.merge(v, 1L, Long::sum);
        }
        assertCounted(pair.in(), drops);
        assertEquals(Verdict.OK, input(pair, wire), "the window did not move");
    }

    @Test
    void truncatedIpv6AtEveryOffset() {
        Fixtures.Pair pair = pair("hmac-sha256", 32, true, IpsecMode.TRANSPORT);
        byte[] wire = protect(pair, plain6());
        for (int len = 0; len < wire.length; len++) {
            assertEquals(Verdict.TRUNCATED, input(pair, Arrays.copyOf(wire, len)), "cut at " + len);
        }
        for (int len = 41; len < wire.length; len++) {
            byte[] cut = Arrays.copyOf(wire, len);
            new Ipv6Header().bind(cut, 0).setPayloadLength(len - 40);
            Verdict expected = len - 40 < 32 ? Verdict.TRUNCATED : Verdict.AUTH_FAILED;
            assertEquals(expected, input(pair, cut), "cut at " + len);
        }
        assertEquals(0, pair.in().counters().packets());
        assertEquals(2L * wire.length - 41, pair.in().counters().drops().values().stream().mapToLong(Long::longValue)
                .sum());
        assertEquals(Verdict.OK, input(pair, wire));
    }

    @Test
    void everyPayloadLengthFieldValue() {
        Fixtures.Pair pair = pair("hmac-sha256", 32, false, IpsecMode.TRANSPORT);
        byte[] wire = protect(pair, plain4());
        int available = wire.length - 20;
        Map<Verdict, Long> drops = new EnumMap<>(Verdict.class);
        for (int field = 0; field < 256; field++) {
            if (field == 5) {
                continue; // the genuine value: 28 bytes
            }
            byte[] lying = wire.clone();
            lying[21] = (byte) field;
            int ahLen = 4 * (field + 2);
            // 32 bytes (64-bit padding) is a length the SA could have: then the ICV check decides
            Verdict expected = ahLen > available ? Verdict.TRUNCATED
                    : ahLen == 32 ? Verdict.AUTH_FAILED : Verdict.BAD_LENGTH;
            Verdict v = input(pair, lying);
            assertEquals(expected, v, "payload length " + field);
            drops.merge(v, 1L, Long::sum);
        }
        assertCounted(pair.in(), drops);
        assertEquals(Verdict.OK, input(pair, wire));
    }

    @Test
    void lyingIpLengths() {
        Fixtures.Pair pair = pair("hmac-sha1", 20, false, IpsecMode.TRANSPORT);
        byte[] wire = protect(pair, plain4());
        byte[] longer = wire.clone();
        new Ipv4Header().bind(longer, 0).setTotalLength(wire.length + 1).fillChecksum();
        assertEquals(Verdict.TRUNCATED, input(pair, longer));
        byte[] belowHeader = wire.clone();
        new Ipv4Header().bind(belowHeader, 0).setTotalLength(19).fillChecksum();
        assertEquals(Verdict.BAD_LENGTH, input(pair, belowHeader));
        byte[] badIhl = wire.clone();
        badIhl[0] = 0x44;
        assertEquals(Verdict.BAD_HEADER, input(pair, badIhl));
        Fixtures.Pair withOptions = pair("hmac-sha1", 20, false, IpsecMode.TRANSPORT);
        byte[] optionsWire = protect(withOptions, Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.UDP,
                Fixtures.hex("94040000" + "01" + "070b04cb00710900000000"), Fixtures.payload(20)));
        optionsWire[26] = 12; // the record route option runs one byte past the header
        new Ipv4Header().bind(optionsWire, 0).fillChecksum();
        assertEquals(Verdict.BAD_HEADER, input(withOptions, optionsWire));
        optionsWire[26] = 1; // shorter than an option can be
        new Ipv4Header().bind(optionsWire, 0).fillChecksum();
        assertEquals(Verdict.BAD_HEADER, input(withOptions, optionsWire));
        assertEquals(0, withOptions.in().counters().sequence(), "checked before the replay window");

        Fixtures.Pair six = pair("hmac-sha1", 20, true, IpsecMode.TRANSPORT);
        byte[] wire6 = protect(six, plain6());
        byte[] longer6 = wire6.clone();
        new Ipv6Header().bind(longer6, 0).setPayloadLength(wire6.length - 39);
        assertEquals(Verdict.TRUNCATED, input(six, longer6));
        byte[] zero6 = wire6.clone();
        new Ipv6Header().bind(zero6, 0).setPayloadLength(0);
        assertEquals(Verdict.BAD_LENGTH, input(six, zero6));
        assertEquals(Verdict.OK, input(pair, wire));
        assertEquals(Verdict.OK, input(six, wire6));
    }

    @Test
    void everyBitFlipped() {
        for (boolean six : new boolean[] {false, true}) {
            Fixtures.Pair pair = pair("hmac-sha256", 32, six, IpsecMode.TRANSPORT);
            byte[] wire = protect(pair, six ? plain6() : plain4());
            long flips = 0;
            for (int bit = 0; bit < wire.length * 8; bit++) {
                byte[] bad = wire.clone();
                bad[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
                int at = bit / 8;
                boolean mutable = six && (at < 4 || at == 7); // IPv6 traffic class, flow label, hop limit
                if (mutable && bit >= 4) {
                    SaEntry fresh = new SaTable().add(pair.in().sa()); // so that the window of the SA under test stays
                    assertEquals(Verdict.OK, pair.receiver().input(Fixtures.buffer(bad), fresh), "bit " + bit);
                    continue;
                }
                Verdict v = input(pair, bad);
                assertTrue(v.isDrop(), "bit " + bit);
                flips++;
            }
            assertEquals(flips, pair.in().counters().drops().values().stream().mapToLong(Long::longValue).sum());
            assertEquals(Verdict.OK, input(pair, wire), "the window did not move");
        }
    }

    @Test
    void replaysAndOldPackets() {
        Fixtures.Pair pair = pair("hmac-sha1", 20, false, IpsecMode.TRANSPORT);
        byte[] first = protect(pair, plain4());
        for (int i = 0; i < 70; i++) {
            assertEquals(Verdict.OK, input(pair, protect(pair, plain4())));
        }
        assertEquals(Verdict.REPLAY, input(pair, first), "left of the 64-packet window");
        byte[] last = protect(pair, plain4());
        assertEquals(Verdict.OK, input(pair, last));
        assertEquals(Verdict.REPLAY, input(pair, last));
        assertEquals(Map.of(Verdict.REPLAY, 2L), pair.in().counters().drops());
        assertEquals(72, pair.in().counters().sequence());
    }

    @Test
    void badIcvDoesNotMoveTheWindow() {
        Fixtures.Pair pair = pair("hmac-md5", 16, false, IpsecMode.TRANSPORT);
        byte[] wire = protect(pair, plain4());
        for (int i = 0; i < 12; i++) {
            byte[] bad = wire.clone();
            bad[20 + 12 + i] ^= 1;
            assertEquals(Verdict.AUTH_FAILED, input(pair, bad));
        }
        assertEquals(Map.of(Verdict.AUTH_FAILED, 12L), pair.in().counters().drops());
        assertEquals(0, pair.in().counters().sequence());
        assertEquals(Verdict.OK, input(pair, wire));
    }

    @Test
    void wrongSpiNotAhAndJunk() {
        Fixtures.Pair pair = pair("hmac-sha1", 20, false, IpsecMode.TRANSPORT);
        byte[] wire = protect(pair, plain4());
        byte[] otherSpi = wire.clone();
        otherSpi[27] ^= 1;
        assertEquals(Verdict.NO_SA, input(pair, otherSpi));
        assertEquals(Verdict.BAD_HEADER, input(pair, plain4()), "not AH");
        byte[] fragment = wire.clone();
        new Ipv4Header().bind(fragment, 0).setUnfragmented(false);
        fragment[6] |= 0x20; // more fragments
        new Ipv4Header().bind(fragment, 0).fillChecksum();
        assertEquals(Verdict.BAD_HEADER, input(pair, fragment));
        byte[] version5 = wire.clone();
        version5[0] = 0x55;
        assertEquals(Verdict.BAD_HEADER, input(pair, version5));
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            byte[] junk = new byte[random.nextInt(120)];
            random.nextBytes(junk);
            if (junk.length > 0 && i % 2 == 0) {
                junk[0] = (byte) (i % 4 == 0 ? 0x45 : 0x60);
            }
            assertTrue(input(pair, junk).isDrop());
        }
        assertEquals(0, pair.in().counters().packets());
        assertEquals(Verdict.OK, input(pair, wire));
    }

    @Test
    void ipv6FragmentsAndBrokenExtensionHeaders() {
        Fixtures.Pair pair = pair("hmac-sha1", 20, true, IpsecMode.TRANSPORT);
        byte[] udp = Fixtures.payload(40);
        // AH behind a fragment header of a real fragment: reassembly comes first
        byte[] fragment = Fixtures.ipv6(Fixtures.A6, Fixtures.B6, IpProtocol.FRAGMENT,
                Fixtures.concat(Fixtures.hex("3300000100000001"), new byte[24], udp));
        assertEquals(Verdict.BAD_HEADER, input(pair, fragment));
        // the sender refuses a fragment too, and spends no sequence number
        byte[] plainFragment = Fixtures.ipv6(Fixtures.A6, Fixtures.B6, IpProtocol.FRAGMENT,
                Fixtures.concat(Fixtures.hex("1100000100000001"), udp));
        assertEquals(Verdict.BAD_HEADER, pair.sender().output(Fixtures.buffer(plainFragment), pair.out()));
        // a hop-by-hop option that runs past its header
        byte[] plain = Fixtures.ipv6(Fixtures.A6, Fixtures.B6, IpProtocol.HOPOPT,
                Fixtures.concat(Fixtures.hex("1100" + "3e05" + "01020304"), udp));
        assertEquals(Verdict.BAD_HEADER, pair.sender().output(Fixtures.buffer(plain), pair.out()));
        // a routing header of a type that cannot be predicted, with segments left
        byte[] srh = Fixtures.ipv6(Fixtures.A6, Fixtures.B6, IpProtocol.ROUTING,
                Fixtures.concat(Fixtures.hex("1102" + "0401" + "00000000"), new byte[16], udp));
        assertEquals(Verdict.BAD_HEADER, pair.sender().output(Fixtures.buffer(srh), pair.out()));
        // type 0 claiming more segments left than addresses
        byte[] rh0 = Fixtures.ipv6(Fixtures.A6, Fixtures.B6, IpProtocol.ROUTING,
                Fixtures.concat(Fixtures.hex("1102" + "0002" + "00000000"), new byte[16], udp));
        assertEquals(Verdict.BAD_HEADER, pair.sender().output(Fixtures.buffer(rh0), pair.out()));
        assertEquals(0, pair.out().counters().sequence(), "no sequence number spent on refused packets");
        assertEquals(4, pair.out().counters().drops(Verdict.BAD_HEADER));
        assertEquals(1, pair.in().counters().drops(Verdict.BAD_HEADER));
    }

    @Test
    void tunnelWithABrokenInnerPacket() {
        // Mode any: the receiver takes next header 4 or 41 for a tunnel. The sender carries a broken "inner packet"
        // in transport mode, so that its ICV is right.
        SecurityAssociation sa = Fixtures.ah(Fixtures.A4, Fixtures.B4, "hmac-sha1", Fixtures.key(20, 1),
                IpsecMode.ANY, false).build();
        Fixtures.Pair pair = Fixtures.Pair.of(REGISTRY, sa);
        byte[] inner = Fixtures.ipv4(Fixtures.ip("10.0.0.1"), Fixtures.ip("10.0.0.2"), IpProtocol.UDP,
                Fixtures.payload(20));
        byte[] claimsMore = inner.clone();
        new Ipv4Header().bind(claimsMore, 0).setTotalLength(inner.length + 8).fillChecksum();
        byte[] six = Fixtures.ipv6(Fixtures.A6, Fixtures.B6, IpProtocol.UDP, Fixtures.payload(20));
        byte[] notEct = inner.clone();
        Object[][] cases = {{IpProtocol.IPV4, claimsMore, Verdict.BAD_LENGTH}, {IpProtocol.IPV4, six,
            Verdict.BAD_HEADER}, {IpProtocol.IPV6, inner, Verdict.BAD_HEADER}};
        for (Object[] c : cases) {
            byte[] carrier = Fixtures.ipv4(Fixtures.A4, Fixtures.B4, (Integer) c[0], (byte[]) c[1]);
            PacketBuffer pkt = Fixtures.buffer(carrier);
            assertEquals(Verdict.OK, pair.sender().output(pkt, pair.out(), IpsecMode.TRANSPORT));
            assertEquals(c[2], pair.receiver().input(pkt, pair.in()));
        }
        // congestion experienced outside, not ECN-capable inside: RFC 6040 says drop
        byte[] carrier = Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.IPV4, notEct);
        new Ipv4Header().bind(carrier, 0).setTos(0).fillChecksum();
        new Ipv4Header().bind(carrier, 20).setTos(0).fillChecksum();
        PacketBuffer pkt = Fixtures.buffer(carrier);
        assertEquals(Verdict.OK, pair.sender().output(pkt, pair.out(), IpsecMode.TRANSPORT));
        pkt.array()[pkt.start() + 1] |= 3;
        new Ipv4Header().bind(pkt.array(), pkt.start()).fillChecksum();
        assertEquals(Verdict.ECN_DROP, pair.receiver().input(pkt, pair.in()));
        assertEquals(Map.of(Verdict.BAD_LENGTH, 1L, Verdict.BAD_HEADER, 2L, Verdict.ECN_DROP, 1L),
                pair.in().counters().drops());
    }

    @Test
    void deadAndLarvalSasAndSasOfOtherProtocols() {
        Fixtures.Pair pair = pair("hmac-sha1", 20, false, IpsecMode.TRANSPORT);
        byte[] wire = protect(pair, plain4());
        SaTable sad = new SaTable();
        SaEntry sa = sad.add(pair.in().sa());
        sad.delete(sa.id());
        assertEquals(Verdict.BAD_STATE, pair.receiver().input(Fixtures.buffer(wire), sa));
        assertEquals(Verdict.BAD_STATE, pair.sender().output(Fixtures.buffer(plain4()), sa));
        SaEntry esp = new SaTable().add(SecurityAssociation.builder(Fixtures.A4, Fixtures.B4,
                org.ipsec4j.api.sa.SaProtocol.ESP, 0x2000).authentication(
                        new org.ipsec4j.api.sa.AlgorithmKey("hmac-sha1", Fixtures.key(20, 1))).build());
        assertEquals(Verdict.BAD_STATE, pair.receiver().input(Fixtures.buffer(wire), esp));
        assertEquals(1, esp.counters().drops(Verdict.BAD_STATE));
    }
}
