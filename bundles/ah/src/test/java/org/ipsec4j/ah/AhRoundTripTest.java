package org.ipsec4j.ah;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.sad.SaTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every integrity algorithm out and back in, in every layout: the header's size, fields and place on the wire, then
 * the original packet back, and the counters of both ends.
 */
class AhRoundTripTest {
    static final TestRegistry REGISTRY = TestRegistry.withAll();

    /** An algorithm with its key length and ICV size. */
    record Alg(String name, int keyBytes, int icv, int iv) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Alg> ALGORITHMS = List.of(new Alg("hmac-md5", 16, 12, 0), new Alg("hmac-sha1", 20, 12, 0),
            new Alg("hmac-sha256", 32, 16, 0), new Alg("hmac-sha384", 48, 24, 0), new Alg("hmac-sha512", 64, 32, 0),
            new Alg("hmac-ripemd160", 20, 12, 0), new Alg("aes-xcbc-mac", 16, 12, 0), new Alg("aes-cmac", 16, 12, 0),
            new Alg("keyed-md5", 16, 12, 0), new Alg("keyed-sha1", 20, 12, 0), new Alg("null", 0, 0, 0),
            new Alg("aes-gmac", 20, 16, 8));

    /** Where the packet comes from and how it is carried. */
    enum Layout {
        TRANSPORT4(false, false), TRANSPORT4_OPTIONS(false, false), TRANSPORT6(true, false),
        TRANSPORT6_EXTENSIONS(true, false), TUNNEL44(false, true), TUNNEL66(true, true), TUNNEL46(true, true),
        TUNNEL64(false, true);

        final boolean outer6;
        final boolean tunnel;

        Layout(boolean outer6, boolean tunnel) {
            this.outer6 = outer6;
            this.tunnel = tunnel;
        }

        byte[] packet() {
            byte[] udp = Fixtures.payload(60);
            return switch (this) {
                case TRANSPORT4, TUNNEL44, TUNNEL46 -> Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.UDP, udp);
                case TRANSPORT4_OPTIONS -> Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.UDP,
                        Fixtures.hex("94040000" + "01" + "070b04cb00710900000000"), udp); // RA, NOP, RR
                case TRANSPORT6, TUNNEL66, TUNNEL64 -> Fixtures.ipv6(Fixtures.A6, Fixtures.B6, IpProtocol.UDP, udp);
                case TRANSPORT6_EXTENSIONS -> Fixtures.ipv6(Fixtures.A6, Fixtures.B6, IpProtocol.HOPOPT,
                        Fixtures.concat(Fixtures.hex("3c00" + "3e0401020304"), // hop-by-hop, a mutable option
                                Fixtures.hex("11000502aabb0100"), // destination options (to the final destination)
                                udp));
            };
        }

        InetAddress src() {
            return outer6 ? Fixtures.A6 : Fixtures.A4;
        }

        InetAddress dst() {
            return outer6 ? Fixtures.B6 : Fixtures.B4;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Alg a : ALGORITHMS) {
            for (Layout l : Layout.values()) {
                out.add(Arguments.of(a, l));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void outAndBackIn(Alg alg, Layout layout) {
        SecurityAssociation sa = Fixtures.ah(layout.src(), layout.dst(), alg.name(), Fixtures.key(alg.keyBytes(), 5),
                layout.tunnel ? IpsecMode.TUNNEL : IpsecMode.TRANSPORT, false).build();
        Fixtures.Pair pair = Fixtures.Pair.of(REGISTRY, sa);
        byte[] plain = layout.packet();
        for (int i = 1; i <= 3; i++) {
            PacketBuffer pkt = Fixtures.buffer(plain);
            assertEquals(Verdict.OK, pair.sender().output(pkt, pair.out()));
            byte[] wire = pkt.toByteArray();

            int ahLen = AhHeader.align(12 + alg.iv() + alg.icv(), layout.outer6 ? 8 : 4);
            int outer = layout.outer6 ? 40 : 20;
            int ahOff = layout.tunnel ? outer : layout == Layout.TRANSPORT4_OPTIONS ? 36
                    : layout == Layout.TRANSPORT6_EXTENSIONS ? 48 : outer;
            assertEquals(plain.length + ahLen + (layout.tunnel ? outer : 0), wire.length);
            assertEquals(ahLen / 4 - 2, wire[ahOff + 1] & 0xff, "payload length");
            assertEquals(Fixtures.SPI, AhHeader.spi(wire, ahOff));
            assertEquals(i, AhHeader.sequence(wire, ahOff));
            int nextHeader = wire[ahOff] & 0xff;
            if (layout.tunnel) {
                assertEquals(plain[0] >>> 4 == 4 ? IpProtocol.IPV4 : IpProtocol.IPV6, nextHeader);
                assertEquals(Fixtures.hex(plain), Fixtures.hex(java.util.Arrays.copyOfRange(wire, ahOff + ahLen,
                        wire.length)), "the inner packet as it was");
            } else {
                assertEquals(layout == Layout.TRANSPORT6_EXTENSIONS ? IpProtocol.DSTOPTS : IpProtocol.UDP, nextHeader);
            }
            if (alg.iv() == 8) {
                assertEquals(Fixtures.hex(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) i}),
                        Fixtures.hex(java.util.Arrays.copyOfRange(wire, ahOff + 12, ahOff + 20)), "IV: the sequence");
            }

            assertEquals(Verdict.OK, pair.receiver().input(pkt, pair.in()));
            assertEquals(Fixtures.hex(plain), Fixtures.hex(pkt.toByteArray()));
        }
        assertEquals(3, pair.out().counters().packets());
        assertEquals(3, pair.in().counters().packets());
        assertEquals(3L * plain.length, pair.out().counters().bytes());
        assertEquals(3L * plain.length, pair.in().counters().bytes());
        assertEquals(3, pair.in().counters().sequence());
        assertTrue(pair.in().counters().drops().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"hmac-md5,16,24", "hmac-sha1,20,24", "hmac-sha256,32,32", "hmac-sha384,48,40",
        "hmac-sha512,64,48", "aes-xcbc-mac,16,24", "aes-gmac,20,40"})
    void sixtyFourBitAlignmentOverIpv4(String alg, int keyBytes, int align64Length) {
        SecurityAssociation sa = Fixtures.ah(Fixtures.A4, Fixtures.B4, alg, Fixtures.key(keyBytes, 5),
                IpsecMode.TRANSPORT, false).build();
        Fixtures.Pair linux = Fixtures.Pair.of(REGISTRY, sa, AhOptions.DEFAULTS.withAlign64Ipv4(true));
        byte[] plain = Layout.TRANSPORT4.packet();
        PacketBuffer pkt = Fixtures.buffer(plain);
        assertEquals(Verdict.OK, linux.sender().output(pkt, linux.out()));
        assertEquals(plain.length + align64Length, pkt.length());
        assertEquals(align64Length / 4 - 2, pkt.array()[pkt.start() + 21]);
        assertEquals(Verdict.OK, linux.receiver().input(pkt, linux.in()));
        assertEquals(Fixtures.hex(plain), Fixtures.hex(pkt.toByteArray()));
    }

    @Test
    void extendedSequenceNumbersAcrossTwoToTheThirtyTwo() {
        SecurityAssociation sa = Fixtures.ah(Fixtures.A4, Fixtures.B4, "hmac-sha256", Fixtures.key(32, 5),
                IpsecMode.TRANSPORT, false).extendedSequence(true).build();
        AhTransform ah = new AhTransform(REGISTRY, AhOptions.DEFAULTS);
        long first = (1L << 32) - 2;
        SaEntry out = new PresetSequenceSa(new SaTable().add(sa), first);
        SaEntry in = new SaTable().add(sa);
        assertTrue(in.replayCommit(first - 1));
        byte[] plain = Layout.TRANSPORT4.packet();
        for (long seq = first; seq < first + 5; seq++) {
            PacketBuffer pkt = Fixtures.buffer(plain);
            assertEquals(Verdict.OK, ah.output(pkt, out));
            assertEquals((int) seq, AhHeader.sequence(pkt.array(), pkt.start() + 20), "the low half on the wire");
            assertEquals(Verdict.OK, ah.input(pkt, in), "sequence " + seq);
            assertEquals(seq, in.counters().sequence());
        }

        // Without the high half in the ICV input, the receiver's ICV would not match: prove it is there.
        SecurityAssociation noEsn = Fixtures.ah(Fixtures.A4, Fixtures.B4, "hmac-sha256", Fixtures.key(32, 5),
                IpsecMode.TRANSPORT, false).build();
        PacketBuffer pkt = Fixtures.buffer(plain);
        assertEquals(Verdict.OK, ah.output(pkt, new PresetSequenceSa(new SaTable().add(sa), (1L << 32) + 9)));
        assertEquals(Verdict.AUTH_FAILED, ah.input(pkt, new SaTable().add(noEsn)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"keyed-md5,16,16", "keyed-sha1,20,16", "hmac-md5,16,16", "hmac-sha1,20,16", "hmac-sha256,32,16",
        "aes-xcbc-mac,16,12"})
    void ahOldHasNoSequenceNumberAndKamesIcvSizes(String alg, int keyBytes, int icv) {
        for (Layout layout : List.of(Layout.TRANSPORT4, Layout.TRANSPORT6, Layout.TUNNEL44)) {
            SecurityAssociation sa = Fixtures.ah(layout.src(), layout.dst(), alg, Fixtures.key(keyBytes, 5),
                    layout.tunnel ? IpsecMode.TUNNEL : IpsecMode.TRANSPORT, true).build();
            Fixtures.Pair pair = Fixtures.Pair.of(REGISTRY, sa);
            byte[] plain = layout.packet();
            PacketBuffer pkt = Fixtures.buffer(plain);
            assertEquals(Verdict.OK, pair.sender().output(pkt, pair.out()));
            int ahLen = AhHeader.align(8 + icv, layout.outer6 ? 8 : 4);
            int ahOff = layout.outer6 ? 40 : 20;
            byte[] wire = pkt.toByteArray();
            assertEquals(plain.length + ahLen + (layout.tunnel ? 20 : 0), wire.length, layout.toString());
            assertEquals((ahLen - 8) / 4, wire[ahOff + 1], "RFC 1826: the length of the authentication data");
            assertEquals(Fixtures.SPI, AhHeader.spi(wire, ahOff));
            assertEquals(Verdict.OK, pair.receiver().input(pkt, pair.in()));
            assertEquals(Fixtures.hex(plain), Fixtures.hex(pkt.toByteArray()));
            // no sequence number: the same packet again is not a replay
            assertEquals(Verdict.OK, pair.receiver().input(Fixtures.buffer(wire), pair.in()));
            assertEquals(0, pair.in().counters().sequence());
        }
    }

    @Test
    void modeAnyFollowsTheRuleOnOutputAndTheNextHeaderOnInput() {
        SecurityAssociation sa = Fixtures.ah(Fixtures.A4, Fixtures.B4, "hmac-sha1", Fixtures.key(20, 5),
                IpsecMode.ANY, false).build();
        Fixtures.Pair pair = Fixtures.Pair.of(REGISTRY, sa);
        byte[] plain = Fixtures.ipv4(Fixtures.ip("10.0.1.1"), Fixtures.ip("10.0.2.2"), IpProtocol.UDP,
                Fixtures.payload(30));
        PacketBuffer pkt = Fixtures.buffer(plain);
        assertEquals(Verdict.OK, pair.sender().output(pkt, pair.out(), IpsecMode.TUNNEL));
        assertEquals(plain.length + 20 + 24, pkt.length());
        assertEquals(IpProtocol.IPV4, pkt.array()[pkt.start() + 20]);
        assertEquals(Verdict.OK, pair.receiver().input(pkt, pair.in()));
        assertEquals(Fixtures.hex(plain), Fixtures.hex(pkt.toByteArray()));

        pkt = Fixtures.buffer(plain);
        assertEquals(Verdict.OK, pair.sender().output(pkt, pair.out(), IpsecMode.TRANSPORT));
        assertEquals(plain.length + 24, pkt.length());
        assertEquals(Verdict.OK, pair.receiver().input(pkt, pair.in()));
        assertEquals(Fixtures.hex(plain), Fixtures.hex(pkt.toByteArray()));

        SecurityAssociation transport = Fixtures.ah(Fixtures.A4, Fixtures.B4, "hmac-sha1", Fixtures.key(20, 5),
                IpsecMode.TRANSPORT, false).build();
        SaEntry t = new SaTable().add(transport);
        assertEquals(Verdict.BAD_STATE, pair.sender().output(Fixtures.buffer(plain), t, IpsecMode.TUNNEL));
        assertEquals(1, t.counters().drops(Verdict.BAD_STATE));
        assertEquals(0, t.counters().sequence(), "no sequence number spent");
    }
}
