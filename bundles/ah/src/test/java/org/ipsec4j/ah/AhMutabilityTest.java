package org.ipsec4j.ah;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What AH protects and what it lets routers change (RFC 4302 section 3.3.3.1): a packet changed in a mutable field on
 * its way (by a router, which also fixes the IPv4 checksum) still verifies; a change to anything else fails the ICV.
 * And the ICV itself, computed here independently with {@link Mac} over bytes prepared by hand as the RFC says, is
 * the one on the wire.
 */
class AhMutabilityTest {
    private static final TestRegistry REGISTRY = TestRegistry.withAll();
    private static final byte[] KEY = Fixtures.key(32, 9);

    /** Router Alert (immutable), NOP, Record Route with room for two addresses (mutable). */
    private static final byte[] OPTIONS4 = Fixtures.hex("94040000" + "01" + "070b04" + "00000000" + "00000000");
    /** AH goes at 36: behind 20 bytes of header and 16 of options. */
    private static final int AH4 = 36;

    /**
     * Hop-by-hop (a Router Alert and a mutable option 0x3e), destination options before the routing header (a mutable
     * 0x3f and an immutable 0x1e option), a type 0 routing header with two addresses and two segments left, destination
     * options for the final destination (behind AH), UDP.
     */
    private static final byte[] EXT6 = Fixtures.hex(
            "3c01" + "05020000" + "3e020102" + "010400000000" // hop-by-hop at 40, 16 bytes
            + "2b01" + "3f02aaaa" + "1e02bbbb" + "010400000000" // destination options at 56, 16 bytes
            + "3c04" + "0002" + "00000000" // routing type 0 at 72: 2 addresses, segments left 2
            + "20010db8000000000000000000000010" + "20010db8000000000000000000000011"
            + "1100" + "3e02cccc" + "0100" // destination options for the final destination: behind AH
            + "0fa0138800140000" + "000102030405060708090a0b");
    /** AH goes at 40 + 16 + 16 + 40 = 112. */
    private static final int AH6 = 112;

    private static Fixtures.Pair pair(boolean six) {
        SecurityAssociation sa = Fixtures.ah(six ? Fixtures.A6 : Fixtures.A4, six ? Fixtures.B6 : Fixtures.B4,
                "hmac-sha256", KEY, IpsecMode.TRANSPORT, false).build();
        return Fixtures.Pair.of(REGISTRY, sa);
    }

    private static byte[] plain4() {
        return Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.UDP, OPTIONS4, Fixtures.payload(40));
    }

    private static byte[] plain6() {
        return Fixtures.ipv6(Fixtures.A6, Fixtures.B6, IpProtocol.HOPOPT, EXT6);
    }

    private static byte[] protect(Fixtures.Pair pair, byte[] plain) {
        PacketBuffer pkt = Fixtures.buffer(plain);
        assertEquals(Verdict.OK, pair.sender().output(pkt, pair.out()));
        return pkt.toByteArray();
    }

    /** Applies {@code change} to the protected packet (fixing the IPv4 checksum, as a router would) and verifies it. */
    private static Verdict changedOnTheWay(boolean six, Consumer<byte[]> change) {
        Fixtures.Pair pair = pair(six);
        byte[] wire = protect(pair, six ? plain6() : plain4());
        change.accept(wire);
        if (!six) {
            new Ipv4Header().bind(wire, 0).fillChecksum();
        }
        return pair.receiver().input(Fixtures.buffer(wire), pair.in());
    }

    static Stream<Arguments> mutable4() {
        return Stream.of(Arguments.of("TTL", (Consumer<byte[]>) p -> p[8]--),
                Arguments.of("DSCP", (Consumer<byte[]>) p -> p[1] = (byte) (0xb8 | (p[1] & 3))),
                Arguments.of("ECN CE", (Consumer<byte[]>) p -> p[1] |= 3),
                Arguments.of("DF set", (Consumer<byte[]>) p -> p[6] |= 0x40),
                Arguments.of("DF clear", (Consumer<byte[]>) p -> p[6] &= ~0x40),
                Arguments.of("record route", (Consumer<byte[]>) p -> {
                    System.arraycopy(Fixtures.hex("cb007101"), 0, p, 28, 4); // a router records itself
                    p[27] = 8; // and moves the pointer
                }),
                Arguments.of("record route type", (Consumer<byte[]>) p -> p[25] = 0x44)); // zeroed whole: type too
    }

    static Stream<Arguments> protected4() {
        return Stream.of(Arguments.of("identification", (Consumer<byte[]>) p -> p[5]++),
                Arguments.of("source", (Consumer<byte[]>) p -> p[15]++),
                Arguments.of("destination", (Consumer<byte[]>) p -> p[19]++),
                Arguments.of("router alert value", (Consumer<byte[]>) p -> p[23] = 1),
                Arguments.of("NOP to end of list", (Consumer<byte[]>) p -> p[24] = 0),
                Arguments.of("AH next header", (Consumer<byte[]>) p -> p[AH4] = IpProtocol.TCP),
                Arguments.of("AH reserved", (Consumer<byte[]>) p -> p[AH4 + 3] = 1),
                Arguments.of("AH sequence", (Consumer<byte[]>) p -> p[AH4 + 11] = 2),
                Arguments.of("ICV", (Consumer<byte[]>) p -> p[AH4 + 12] ^= 0x10),
                Arguments.of("payload", (Consumer<byte[]>) p -> p[p.length - 1] ^= 1));
    }

    static Stream<Arguments> mutable6() {
        return Stream.of(Arguments.of("hop limit", (Consumer<byte[]>) p -> p[7] = 3),
                Arguments.of("traffic class", (Consumer<byte[]>) p -> p[1] ^= 0x3f),
                Arguments.of("ECN CE", (Consumer<byte[]>) p -> p[1] |= 0x30),
                Arguments.of("flow label", (Consumer<byte[]>) p -> {
                    p[1] ^= 0x0f;
                    p[2] = 0x77;
                    p[3] = 0x01;
                }),
                Arguments.of("hop-by-hop mutable option", (Consumer<byte[]>) p -> p[48] = 9),
                Arguments.of("destination option before the route, mutable", (Consumer<byte[]>) p -> p[60] = 9),
                Arguments.of("the route travelled", (Consumer<byte[]>) p -> {
                    byte[] dst = Arrays.copyOfRange(p, 24, 40);
                    System.arraycopy(p, 96, p, 24, 16); // the last address is the destination
                    System.arraycopy(p, 80, p, 96, 16); // the first moves up
                    System.arraycopy(dst, 0, p, 80, 16); // the original destination in front
                    p[75] = 0; // segments left
                    p[7] -= 2;
                }));
    }

    static Stream<Arguments> protected6() {
        return Stream.of(Arguments.of("source", (Consumer<byte[]>) p -> p[23]++),
                Arguments.of("destination", (Consumer<byte[]>) p -> p[39]++),
                Arguments.of("payload length", (Consumer<byte[]>) p -> p[5]--),
                Arguments.of("router alert value", (Consumer<byte[]>) p -> p[44] = 1),
                Arguments.of("option type made immutable", (Consumer<byte[]>) p -> p[46] = 0x1e),
                Arguments.of("destination option before the route, immutable", (Consumer<byte[]>) p -> p[64] = 9),
                Arguments.of("routing address", (Consumer<byte[]>) p -> p[95] = 0x12),
                Arguments.of("segments left alone", (Consumer<byte[]>) p -> p[75] = 1),
                Arguments.of("destination option behind AH", (Consumer<byte[]>) p -> p[AH6 + 32 + 4] = 9),
                Arguments.of("AH next header", (Consumer<byte[]>) p -> p[AH6] = IpProtocol.UDP),
                Arguments.of("payload", (Consumer<byte[]>) p -> p[p.length - 1] ^= 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutable4")
    void ipv4MutableFieldsMayChange(String field, Consumer<byte[]> change) {
        assertEquals(Verdict.OK, changedOnTheWay(false, change));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protected4")
    void ipv4ProtectedFieldsMayNot(String field, Consumer<byte[]> change) {
        assertEquals(Verdict.AUTH_FAILED, changedOnTheWay(false, change));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutable6")
    void ipv6MutableFieldsMayChange(String field, Consumer<byte[]> change) {
        assertEquals(Verdict.OK, changedOnTheWay(true, change));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protected6")
    void ipv6ProtectedFieldsMayNot(String field, Consumer<byte[]> change) {
        // a shorter payload length leaves a byte behind as link-layer padding: the ICV misses it
        assertEquals(Verdict.AUTH_FAILED, changedOnTheWay(true, change));
    }

    @Test
    void aWrongIpv4ChecksumIsABadHeaderEvenThoughTheIcvIgnoresIt() {
        Fixtures.Pair pair = pair(false);
        byte[] wire = protect(pair, plain4());
        wire[11] ^= 1;
        assertEquals(Verdict.BAD_HEADER, pair.receiver().input(Fixtures.buffer(wire), pair.in()));
        wire[11] ^= 1;
        assertEquals(Verdict.OK, pair.receiver().input(Fixtures.buffer(wire), pair.in()));
    }

    @Test
    void ipv4IcvAsRfc4302SaysWithASourceRoute() throws Exception {
        // Router Alert; loose source route via 203.0.113.1 to the final destination 198.51.100.99; NOP; end
        byte[] options = Fixtures.hex("94040000" + "830b04" + "cb007101" + "c6336463" + "01");
        byte[] plain = Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.UDP, options, Fixtures.payload(33));
        Fixtures.Pair pair = pair(false);
        byte[] wire = protect(pair, plain);
        int ah = 20 + options.length;
        assertEquals(IpProtocol.AH, wire[9]);

        byte[] icvInput = wire.clone();
        icvInput[1] = 0; // TOS
        icvInput[6] = 0; // flags, fragment offset
        icvInput[7] = 0;
        icvInput[8] = 0; // TTL
        icvInput[10] = 0; // checksum
        icvInput[11] = 0;
        System.arraycopy(Fixtures.hex("c6336463"), 0, icvInput, 16, 4); // the destination at arrival
        Arrays.fill(icvInput, 24, 35, (byte) 0); // the source route, all of it
        Arrays.fill(icvInput, ah + 12, ah + 28, (byte) 0); // the ICV
        assertEquals(Fixtures.hex(hmacSha256(icvInput, 16)), Fixtures.hex(Arrays.copyOfRange(wire, ah + 12, ah + 28)));
        assertEquals(Verdict.OK, pair.receiver().input(Fixtures.buffer(wire), pair.in()));
    }

    @Test
    void ipv6IcvAsRfc4302SaysWithARoutingHeader() throws Exception {
        Fixtures.Pair pair = pair(true);
        byte[] wire = protect(pair, plain6());
        assertEquals(IpProtocol.AH, wire[72], "AH follows the routing header");

        byte[] icvInput = wire.clone();
        icvInput[0] = 0x60; // traffic class, flow label
        icvInput[1] = 0;
        icvInput[2] = 0;
        icvInput[3] = 0;
        icvInput[7] = 0; // hop limit
        Arrays.fill(icvInput, 48, 50, (byte) 0); // hop-by-hop option 0x3e (Router Alert stays)
        Arrays.fill(icvInput, 60, 62, (byte) 0); // destination option 0x3f (0x1e stays)
        icvInput[75] = 0; // segments left
        System.arraycopy(wire, 24, icvInput, 80, 16); // the destination first
        System.arraycopy(wire, 80, icvInput, 96, 16); // then the first hop
        System.arraycopy(wire, 96, icvInput, 24, 16); // the last address is the destination at arrival
        Arrays.fill(icvInput, AH6 + 12, AH6 + 28, (byte) 0); // the ICV
        // the destination options behind AH (0x3e included) are payload: as they are
        assertEquals(Fixtures.hex(hmacSha256(icvInput, 16)),
                Fixtures.hex(Arrays.copyOfRange(wire, AH6 + 12, AH6 + 28)));
        assertEquals(Verdict.OK, pair.receiver().input(Fixtures.buffer(wire), pair.in()));
    }

    private static byte[] hmacSha256(byte[] data, int icv) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        return Arrays.copyOf(mac.doFinal(data), icv);
    }
}
