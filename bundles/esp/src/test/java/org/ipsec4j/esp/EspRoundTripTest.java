package org.ipsec4j.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6Header;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.Padding;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round trips for every algorithm combination the cipher-jce bundle offers (each cipher with each MAC and without,
 * each combined mode, each MAC alone), in transport and tunnel mode over IPv4 and IPv6 (transport mode IPv6 behind a
 * chain of extension headers), with every padding scheme, with and without ESN, for payloads of many lengths: what the
 * receiver gets back is the sender's packet, byte for byte, and both ends count the same packets and bytes.
 */
class EspRoundTripTest {
    private static final TestRegistry REGISTRY = TestRegistry.withJce();
    private static final int[] PAYLOADS = {0, 1, 2, 3, 13, 14, 15, 16, 17, 64, 255, 1000};

    /** IPv6 with hop-by-hop @40, destination options @48, routing @56, fragment @80, destination options @88, UDP @96. */
    static final byte[] IPV6_CHAIN = TestSas.hex("62d123450048003d20010db800000000000000000000000120010db80000000000"
            + "000000000000023c000502000001002b000104000000002c0204000000000020010db80000000000000000000000033c0000000000"
            + "0055110001040000000003e807d00010db4f7061796c6f616421");

    enum Layout {
        TRANSPORT_4(IpsecMode.TRANSPORT, false, false),
        TRANSPORT_6(IpsecMode.TRANSPORT, true, true),
        TUNNEL_4_IN_4(IpsecMode.TUNNEL, false, false),
        TUNNEL_6_IN_4(IpsecMode.TUNNEL, false, true),
        TUNNEL_4_IN_6(IpsecMode.TUNNEL, true, false),
        TUNNEL_6_IN_6(IpsecMode.TUNNEL, true, true);

        final IpsecMode mode;
        final boolean outer6;
        final boolean inner6;

        Layout(IpsecMode mode, boolean outer6, boolean inner6) {
            this.mode = mode;
            this.outer6 = outer6;
            this.inner6 = inner6;
        }

        InetAddress src() { return outer6 ? TestSas.A6 : TestSas.A4; }
        InetAddress dst() { return outer6 ? TestSas.B6 : TestSas.B4; }

        byte[] packet(int payload) {
            if (this == TRANSPORT_6) {
                byte[] p = Arrays.copyOf(IPV6_CHAIN, 104 + payload);
                System.arraycopy(Packets.payload(payload), 0, p, 104, payload);
                new Ipv6Header().bind(p, 0).setPayloadLength(p.length - 40);
                return p;
            }
            byte[] udp = Packets.payload(8 + payload);
            return inner6 ? Packets.ipv6(TestSas.ip("2001:db8:1::1"), TestSas.ip("2001:db8:2::2"), IpProtocol.UDP, udp)
                    : mode == IpsecMode.TRANSPORT ? Packets.ipv4(src(), dst(), IpProtocol.UDP, udp)
                    : Packets.ipv4(TestSas.ip("10.1.1.1"), TestSas.ip("10.2.2.2"), IpProtocol.UDP, udp);
        }
    }

    /** [encryption or AEAD name or null, integrity name or null] for every combination offered. */
    static List<String[]> algorithmSets() {
        List<String> ciphers = new ArrayList<>();
        List<String> aeads = new ArrayList<>();
        List<String> macs = new ArrayList<>();
        for (AlgorithmProvider p : REGISTRY.all()) {
            String n = p.descriptor().name();
            switch (p.descriptor().kind()) {
                case ENCRYPTION -> ciphers.add(n);
                case AEAD -> aeads.add(n);
                case INTEGRITY -> {
                    if (!n.equals("null")) macs.add(n);
                }
                default -> { }
            }
        }
        List<String[]> sets = new ArrayList<>();
        for (String c : ciphers) {
            if (!c.equals("null")) sets.add(new String[] {c, null});
            for (String m : macs) sets.add(new String[] {c, m});
        }
        for (String a : aeads) sets.add(new String[] {a, null});
        for (String m : macs) sets.add(new String[] {null, m});
        return sets;
    }

    static Stream<Arguments> combinations() {
        List<Arguments> out = new ArrayList<>();
        for (String[] s : algorithmSets()) {
            for (Layout l : Layout.values()) {
                out.add(Arguments.of(s[0], s[1], l));
            }
        }
        return out.stream();
    }

    @Test
    void theCombinationsCoverWhatTheBriefPromises() {
        List<String> names = algorithmSets().stream().map(s -> s[0] + "+" + s[1]).toList();
        for (String required : List.of("aes-cbc+hmac-sha1", "aes-cbc+null", "aes-gcm-16+null", "chacha20-poly1305+null",
                "aes-ctr+hmac-sha256", "aes-gmac+null", "null+hmac-sha256", "null+hmac-md5", "3des-cbc+hmac-md5")) {
            assertTrue(names.contains(required), required + " in " + names);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("combinations")
    void roundTrip(String enc, String auth, Layout layout) {
        for (Padding padding : Padding.values()) {
            for (boolean esn : new boolean[] {false, true}) {
                EspPair pair = EspPair.of(REGISTRY,
                        EspPair.sa(REGISTRY, layout.src(), layout.dst(), enc, auth, layout.mode),
                        b -> b.padding(padding).extendedSequence(esn));
                long bytes = 0;
                for (int n : PAYLOADS) {
                    byte[] plain = layout.packet(n);
                    PacketBuffer pkt = Packets.buffer(plain);
                    assertEquals(Verdict.OK, pair.sender.output(pkt, pair.out), padding + " " + n);
                    checkProtected(pkt.toByteArray(), plain, layout, enc);
                    assertEquals(Verdict.OK, pair.receiver.input(pkt, pair.in), padding + " esn " + esn + " " + n);
                    assertEquals(TestSas.hex(plain), TestSas.hex(pkt.toByteArray()));
                    bytes += plain.length;
                }
                EspPair.assertSameCounters(PAYLOADS.length, bytes, pair.out);
                EspPair.assertSameCounters(PAYLOADS.length, bytes, pair.in);
                assertEquals(PAYLOADS.length, pair.in.counters().sequence());
                assertTrue(pair.in.counters().drops().isEmpty());
            }
        }
    }

    /** The protected packet: ESP where it belongs, lengths right, and no plaintext left in sight when encrypting. */
    private static void checkProtected(byte[] wire, byte[] plain, Layout layout, String enc) {
        int esp;
        if (layout.outer6) {
            Ipv6Header ip = new Ipv6Header();
            assertEquals(Verdict.OK, ip.wrap(wire, 0, wire.length));
            assertEquals(wire.length, ip.totalLength());
            if (layout == Layout.TRANSPORT_6) {
                assertEquals(IpProtocol.ESP, wire[80], "the fragment header names ESP");
                assertEquals(TestSas.hex(Arrays.copyOf(plain, 80)).substring(12),
                        TestSas.hex(Arrays.copyOf(wire, 80)).substring(12), "headers in front of ESP unchanged");
                esp = 88;
            } else {
                assertEquals(IpProtocol.ESP, ip.nextHeader());
                esp = 40;
            }
        } else {
            Ipv4Header ip = new Ipv4Header();
            assertEquals(Verdict.OK, ip.wrap(wire, 0, wire.length));
            assertEquals(wire.length, ip.totalLength());
            assertEquals(IpProtocol.ESP, ip.protocol());
            assertTrue(ip.verifyChecksum());
            esp = 20;
        }
        if (enc != null && !enc.equals("null") && !enc.equals("aes-gmac")) {
            int from = layout.mode == IpsecMode.TUNNEL ? 0 : layout == Layout.TRANSPORT_6 ? 88 : 20;
            byte[] secret = Arrays.copyOfRange(plain, from, plain.length);
            if (secret.length >= 16) {
                assertFalse(TestSas.hex(wire).substring(2 * esp).contains(TestSas.hex(secret).substring(0, 32)),
                        "plaintext visible");
            }
        }
    }

    @Test
    void esnCarriesTheHighHalfAcrossTheTwoToTheThirtyTwoBoundary() {
        for (String[] algs : new String[][] {{"aes-cbc", "hmac-sha1"}, {"aes-gcm-16", null},
                {"chacha20-poly1305", null}, {null, "hmac-sha256"}}) {
            EspPair pair = EspPair.of(REGISTRY,
                    EspPair.sa(REGISTRY, TestSas.A4, TestSas.B4, algs[0], algs[1], IpsecMode.TRANSPORT),
                    b -> b.extendedSequence(true));
            long first = (1L << 32) - 3;
            PresetSequenceSa sender = new PresetSequenceSa(pair.out, first);
            assertTrue(pair.in.replayCommit(first - 1));
            for (long seq = first; seq < first + 6; seq++) {
                byte[] plain = Layout.TRANSPORT_4.packet(40);
                PacketBuffer pkt = Packets.buffer(plain);
                assertEquals(Verdict.OK, pair.sender.output(pkt, sender));
                assertEquals((int) seq, new org.ipsec4j.api.packet.EspHeader().bind(pkt.array(), pkt.start() + 20)
                        .sequence(), "the low half on the wire");
                assertEquals(Verdict.OK, pair.receiver.input(pkt, pair.in), Arrays.toString(algs) + " " + seq);
                assertEquals(seq, pair.in.counters().sequence());
                assertEquals(TestSas.hex(plain), TestSas.hex(pkt.toByteArray()));
            }
        }
    }

    @Test
    void withoutEsnTheHighHalfIsNotAuthenticated() {
        // The same packet number 2^32 + 1 under ESN and without: the ICVs differ, so ESN really is in the ICV input.
        byte[][] icvs = new byte[2][];
        for (int i = 0; i < 2; i++) {
            boolean esn = i == 1;
            EspPair pair = EspPair.of(REGISTRY,
                    EspPair.sa(REGISTRY, TestSas.A4, TestSas.B4, "aes-cbc", "hmac-sha1", IpsecMode.TRANSPORT),
                    b -> b.extendedSequence(esn));
            EspTransform fixedIv = new EspTransform(REGISTRY, EspOptions.DEFAULTS,
                    (buf, off, len, seq, counter) -> Arrays.fill(buf, off, off + len, (byte) 7));
            PacketBuffer pkt = Packets.buffer(Layout.TRANSPORT_4.packet(40));
            assertEquals(Verdict.OK, fixedIv.output(pkt, new PresetSequenceSa(pair.out, (1L << 32) + 1)));
            icvs[i] = Arrays.copyOfRange(pkt.array(), pkt.end() - 12, pkt.end());
        }
        assertFalse(Arrays.equals(icvs[0], icvs[1]));
    }

    @Test
    void eachPaddingSchemeLooksAsItShould() {
        for (Padding padding : Padding.values()) {
            EspPair pair = EspPair.of(REGISTRY,
                    EspPair.sa(REGISTRY, TestSas.A4, TestSas.B4, "null", "hmac-sha1", IpsecMode.TRANSPORT),
                    b -> b.padding(padding));
            byte[] plain = Layout.TRANSPORT_4.packet(0); // 8 bytes of UDP: 8 + 2 = 10, so 2 bytes of padding
            PacketBuffer pkt = Packets.buffer(plain);
            assertEquals(Verdict.OK, pair.sender.output(pkt, pair.out));
            byte[] wire = pkt.toByteArray();
            int trailer = wire.length - 12 - 2;
            assertEquals(2, wire[trailer]);
            assertEquals(IpProtocol.UDP, wire[trailer + 1]);
            byte[] pad = Arrays.copyOfRange(wire, trailer - 2, trailer);
            switch (padding) {
                case SEQUENTIAL -> assertEquals("0102", TestSas.hex(pad));
                case ZERO -> assertEquals("0000", TestSas.hex(pad));
                case RANDOM -> { } // any bytes; the receiver does not inspect them
            }
            assertEquals(Verdict.OK, pair.receiver.input(pkt, pair.in));
        }
    }

    @Test
    void cbcIvsAreFreshAndCounterModeIvsAreTheSequenceNumber() {
        EspPair cbc = EspPair.of(REGISTRY, EspPair.sa(REGISTRY, TestSas.A4, TestSas.B4, "aes-cbc", "hmac-sha1",
                IpsecMode.TRANSPORT), b -> b);
        EspPair gcm = EspPair.of(REGISTRY, EspPair.sa(REGISTRY, TestSas.A4, TestSas.B4, "aes-gcm-16", null,
                IpsecMode.TRANSPORT), b -> b);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 1; i <= 200; i++) {
            PacketBuffer p = Packets.buffer(Layout.TRANSPORT_4.packet(20));
            assertEquals(Verdict.OK, cbc.sender.output(p, cbc.out));
            assertTrue(seen.add(TestSas.hex(Arrays.copyOfRange(p.array(), p.start() + 28, p.start() + 44))));
            PacketBuffer g = Packets.buffer(Layout.TRANSPORT_4.packet(20));
            assertEquals(Verdict.OK, gcm.sender.output(g, gcm.out));
            assertEquals(String.format("%016x", i),
                    TestSas.hex(Arrays.copyOfRange(g.array(), g.start() + 28, g.start() + 36)));
        }
    }
}
