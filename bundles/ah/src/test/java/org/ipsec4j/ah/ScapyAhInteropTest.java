package org.ipsec4j.ah;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.sad.SaTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interoperability with scapy 2.5's AH ({@code scapy_ah_peer.py}, one Python process for the class): for every
 * algorithm, transport and tunnel mode, on IPv4 (plain, and with Router Alert, NOP and Record Route options), IPv6
 * (plain with a flow label, and with hop-by-hop, destination options, a type 0 routing header with segments left and
 * destination options behind it, mutable and immutable options in each), scapy signs and ipsec4j verifies, and ipsec4j
 * signs and scapy verifies. In transport mode ipsec4j's packet is also byte for byte scapy's for the same sequence
 * number. A packet with a routing header travels it (in the peer) before scapy verifies it, because scapy only predicts
 * the arrival form when it signs; ipsec4j predicts it in both directions and verifies either form.
 */
class ScapyAhInteropTest {
    /** An algorithm by its setkey and its scapy name, with its key length. */
    record Alg(String setkey, String scapy, int keyBytes) {
        @Override
        public String toString() {
            return setkey;
        }
    }

    static final List<Alg> ALGORITHMS = List.of(new Alg("hmac-md5", "HMAC-MD5-96", 16),
            new Alg("hmac-sha1", "HMAC-SHA1-96", 20), new Alg("hmac-sha256", "SHA2-256-128", 32),
            new Alg("hmac-sha384", "SHA2-384-192", 48), new Alg("hmac-sha512", "SHA2-512-256", 64),
            new Alg("aes-cmac", "AES-CMAC-96", 16), new Alg("aes-xcbc-mac", "AES-XCBC-MAC-96", 16),
            new Alg("hmac-ripemd160", "HMAC-RIPEMD160-96", 20), new Alg("aes-gmac", "AES-GMAC", 20));
    static final List<String> PACKETS = List.of("udp4", "opts4", "icmp6", "ext6", "hbh6");
    static final List<String> OLD = List.of("keyed-md5", "keyed-sha1", "hmac-md5", "hmac-sha1");

    private static ScapyPeer peer;
    private static final Map<String, byte[]> plain = new HashMap<>();
    private static final TestRegistry registry = TestRegistry.withAll();

    @BeforeAll
    static void startPeer() throws IOException {
        assumeTrue(ScapyPeer.available(), "/usr/bin/python3 cannot import scapy.layers.ipsec and cryptography"
                + " (Debian python3-scapy and python3-cryptography, which apt installs with scapy only as a recommends)");
        peer = ScapyPeer.start("/scapy_ah_peer.py");
        JsonObject req = new JsonObject();
        req.addProperty("op", "packets");
        peer.call(req).getAsJsonObject("packets").entrySet()
                .forEach(e -> plain.put(e.getKey(), Fixtures.hex(e.getValue().getAsString())));
        assertEquals(PACKETS.size(), plain.size());
    }

    @AfterAll
    static void stopPeer() throws IOException {
        if (peer != null) {
            peer.close();
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Alg a : ALGORITHMS) {
            for (String p : PACKETS) {
                for (IpsecMode m : List.of(IpsecMode.TRANSPORT, IpsecMode.TUNNEL)) {
                    out.add(Arguments.of(a, p, m));
                }
            }
        }
        return out.stream();
    }

    static Stream<Arguments> oldCases() {
        List<Arguments> out = new ArrayList<>();
        for (String a : OLD) {
            for (String p : List.of("udp4", "opts4", "ext6")) {
                for (IpsecMode m : List.of(IpsecMode.TRANSPORT, IpsecMode.TUNNEL)) {
                    out.add(Arguments.of(a, p, m));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void scapySignsIpsec4jVerifies(Alg alg, String packet, IpsecMode mode) throws IOException {
        JsonObject req = request(alg.scapy(), alg.keyBytes(), packet, mode, 7, false);
        req.addProperty("op", "sign");
        req.addProperty("plain", Fixtures.hex(plain.get(packet)));
        byte[] wire = Fixtures.hex(peer.call(req).get("wire").getAsString());

        SaEntry sa = new SaTable().add(sa(alg.setkey(), alg.keyBytes(), packet, mode, false).build());
        PacketBuffer pkt = Fixtures.buffer(wire);
        assertEquals(Verdict.OK, new AhTransform(registry, AhOptions.DEFAULTS).input(pkt, sa));
        assertEquals(Fixtures.hex(plain.get(packet)), Fixtures.hex(pkt.toByteArray()));
        assertEquals(7, sa.counters().sequence());
        assertEquals(1, sa.counters().packets());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void ipsec4jSignsScapyVerifies(Alg alg, String packet, IpsecMode mode) throws IOException {
        SaEntry sa = new SaTable().add(sa(alg.setkey(), alg.keyBytes(), packet, mode, false).build());
        PacketBuffer pkt = Fixtures.buffer(plain.get(packet));
        assertEquals(Verdict.OK, new AhTransform(registry, AhOptions.DEFAULTS).output(pkt, sa));
        byte[] wire = pkt.toByteArray();

        JsonObject verify = request(alg.scapy(), alg.keyBytes(), packet, mode, 1, false);
        verify.addProperty("op", "verify");
        verify.addProperty("wire", Fixtures.hex(wire));
        boolean transit = routed(packet, mode);
        verify.addProperty("transit", transit);
        JsonObject answer = peer.call(verify);
        assertTrue(answer.get("ok").getAsBoolean(), () -> "scapy: " + answer);
        byte[] expected = transit ? travel(plain.get(packet)) : plain.get(packet);
        assertEquals(Fixtures.hex(expected), Fixtures.hex(Fixtures.hex(answer.get("plain").getAsString())));

        if (mode == IpsecMode.TRANSPORT) {
            JsonObject sign = request(alg.scapy(), alg.keyBytes(), packet, mode, 1, false);
            sign.addProperty("op", "sign");
            sign.addProperty("plain", Fixtures.hex(plain.get(packet)));
            assertEquals(sign(sign), Fixtures.hex(wire), "the same bytes as scapy's");
        }
    }

    static Stream<Alg> algorithms() {
        return ALGORITHMS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void ipsec4jVerifiesWhatArrivesAfterTheRoute(Alg alg) throws IOException {
        String packet = "ext6";
        IpsecMode mode = IpsecMode.TRANSPORT;
        JsonObject req = request(alg.scapy(), alg.keyBytes(), packet, mode, 9, false);
        req.addProperty("op", "sign");
        req.addProperty("plain", Fixtures.hex(plain.get(packet)));
        byte[] wire = travel(Fixtures.hex(peer.call(req).get("wire").getAsString()));
        SaEntry sa = new SaTable().add(sa(alg.setkey(), alg.keyBytes(), packet, mode, false).build());
        PacketBuffer pkt = Fixtures.buffer(wire);
        assertEquals(Verdict.OK, new AhTransform(registry, AhOptions.DEFAULTS).input(pkt, sa));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("oldCases")
    void ahOldBothWays(String alg, String packet, IpsecMode mode) throws IOException {
        int keyBytes = alg.endsWith("md5") ? 16 : 20;
        JsonObject req = request(alg, keyBytes, packet, mode, 0, true);
        req.addProperty("op", "sign");
        req.addProperty("plain", Fixtures.hex(plain.get(packet)));
        byte[] scapyWire = Fixtures.hex(peer.call(req).get("wire").getAsString());

        SaEntry in = new SaTable().add(sa(alg, keyBytes, packet, mode, true).build());
        PacketBuffer pkt = Fixtures.buffer(scapyWire);
        assertEquals(Verdict.OK, new AhTransform(registry, AhOptions.DEFAULTS).input(pkt, in));
        assertEquals(Fixtures.hex(plain.get(packet)), Fixtures.hex(pkt.toByteArray()));

        SaEntry out = new SaTable().add(sa(alg, keyBytes, packet, mode, true).build());
        pkt = Fixtures.buffer(plain.get(packet));
        assertEquals(Verdict.OK, new AhTransform(registry, AhOptions.DEFAULTS).output(pkt, out));
        byte[] wire = pkt.toByteArray();
        JsonObject verify = request(alg, keyBytes, packet, mode, 0, true);
        verify.addProperty("op", "verify");
        verify.addProperty("wire", Fixtures.hex(wire));
        boolean transit = routed(packet, mode);
        verify.addProperty("transit", transit);
        JsonObject answer = peer.call(verify);
        assertTrue(answer.get("ok").getAsBoolean(), () -> "scapy: " + answer);
        byte[] expected = transit ? travel(plain.get(packet)) : plain.get(packet);
        assertEquals(Fixtures.hex(expected), Fixtures.hex(Fixtures.hex(answer.get("plain").getAsString())));
        if (mode == IpsecMode.TRANSPORT) {
            assertEquals(Fixtures.hex(scapyWire), Fixtures.hex(wire), "the same bytes as the peer's");
        }
    }

    @Test
    void extendedSequenceNumbersBothWays() throws IOException {
        long seq = (1L << 32) + 5;
        for (String packet : List.of("udp4", "ext6")) {
            for (Alg alg : List.of(ALGORITHMS.get(2), ALGORITHMS.get(8))) {
                JsonObject req = request(alg.scapy(), alg.keyBytes(), packet, IpsecMode.TRANSPORT, 5, false);
                req.addProperty("esn", true);
                req.addProperty("esn_high", 1);
                req.addProperty("op", "sign");
                req.addProperty("plain", Fixtures.hex(plain.get(packet)));
                String scapyWire = sign(req);

                SecurityAssociation cfg = sa(alg.setkey(), alg.keyBytes(), packet, IpsecMode.TRANSPORT, false)
                        .extendedSequence(true).build();
                SaEntry in = new SaTable().add(cfg);
                assertTrue(in.replayCommit((1L << 32) + 3));
                PacketBuffer pkt = Fixtures.buffer(Fixtures.hex(scapyWire));
                AhTransform ah = new AhTransform(registry, AhOptions.DEFAULTS);
                assertEquals(Verdict.OK, ah.input(pkt, in), alg + " " + packet);
                assertEquals(seq, in.counters().sequence());

                SaEntry out = new PresetSequenceSa(new SaTable().add(cfg), seq);
                pkt = Fixtures.buffer(plain.get(packet));
                assertEquals(Verdict.OK, ah.output(pkt, out));
                assertEquals(scapyWire, Fixtures.hex(pkt.toByteArray()), "the high half is in the ICV as scapy has it");
            }
        }
    }

    @Test
    void sixtyFourBitAlignedIpv4AhVerifiesInScapyAndBack() throws IOException {
        Alg sha256 = ALGORITHMS.get(2);
        SaEntry sa = new SaTable().add(sa(sha256.setkey(), sha256.keyBytes(), "udp4", IpsecMode.TRANSPORT, false)
                .build());
        PacketBuffer pkt = Fixtures.buffer(plain.get("udp4"));
        AhTransform linuxStyle = new AhTransform(registry, AhOptions.DEFAULTS.withAlign64Ipv4(true));
        assertEquals(Verdict.OK, linuxStyle.output(pkt, sa));
        byte[] wire = pkt.toByteArray();
        assertEquals(plain.get("udp4").length + 32, wire.length, "12 + 16 bytes of ICV + 4 of padding");
        assertEquals(6, wire[21], "payload length: 8 words - 2");

        JsonObject verify = request(sha256.scapy(), sha256.keyBytes(), "udp4", IpsecMode.TRANSPORT, 1, false);
        verify.addProperty("op", "verify");
        verify.addProperty("wire", Fixtures.hex(wire));
        JsonObject answer = peer.call(verify);
        assertTrue(answer.get("ok").getAsBoolean(), () -> "scapy: " + answer);

        SaEntry in = new SaTable().add(sa(sha256.setkey(), sha256.keyBytes(), "udp4", IpsecMode.TRANSPORT, false)
                .build());
        PacketBuffer back = Fixtures.buffer(wire);
        assertEquals(Verdict.OK, new AhTransform(registry, AhOptions.DEFAULTS).input(back, in),
                "RFC-sized AH by default, but 64-bit aligned AH is accepted");
        assertEquals(Fixtures.hex(plain.get("udp4")), Fixtures.hex(back.toByteArray()));
    }

    /** Whether the packet travels a routing header in front of AH on its way (transport mode: AH inside it). */
    private static boolean routed(String packet, IpsecMode mode) {
        return packet.equals("ext6") && mode == IpsecMode.TRANSPORT;
    }

    private static String sign(JsonObject req) throws IOException {
        return peer.call(req).get("wire").getAsString();
    }

    private static JsonObject request(String alg, int keyBytes, String packet, IpsecMode mode, long seq, boolean old) {
        JsonObject r = new JsonObject();
        r.addProperty("alg", alg);
        r.addProperty("key", Fixtures.hex(Fixtures.key(keyBytes, 3)));
        r.addProperty("spi", Fixtures.SPI);
        r.addProperty("seq", seq);
        r.addProperty("old", old);
        if (mode == IpsecMode.TUNNEL) {
            JsonObject t = new JsonObject();
            boolean six = packet.endsWith("6");
            t.addProperty("src", (six ? Fixtures.A6 : Fixtures.A4).getHostAddress());
            t.addProperty("dst", (six ? Fixtures.B6 : Fixtures.B4).getHostAddress());
            r.add("tunnel", t);
        }
        return r;
    }

    /** The SA: in tunnel mode between the tunnel's endpoints, in transport mode between the packet's addresses. */
    private static SecurityAssociation.Builder sa(String alg, int keyBytes, String packet, IpsecMode mode,
            boolean old) {
        boolean six = packet.endsWith("6");
        InetAddress src = six ? Fixtures.A6 : Fixtures.A4;
        InetAddress dst = six ? Fixtures.B6 : Fixtures.B4;
        return Fixtures.ah(src, dst, alg, Fixtures.key(keyBytes, 3), mode, old);
    }

    /** The IPv6 packet as it arrives at the end of its type 0 routing header (the only one of the packets here). */
    private static byte[] travel(byte[] p) {
        byte[] out = p.clone();
        int at = 40;
        int type = out[6] & 0xff;
        while (type != 43) {
            type = out[at] & 0xff;
            at += ((out[at + 1] & 0xff) + 1) * 8;
        }
        int n = (out[at + 1] & 0xff) / 2;
        int left = out[at + 3] & 0xff;
        int addrs = at + 8;
        byte[] last = Arrays.copyOfRange(out, addrs + 16 * (n - 1), addrs + 16 * n);
        int first = addrs + 16 * (n - left);
        System.arraycopy(out, first, out, first + 16, 16 * (left - 1));
        System.arraycopy(out, 24, out, first, 16);
        System.arraycopy(last, 0, out, 24, 16);
        out[at + 3] = 0;
        out[7] = (byte) ((out[7] & 0xff) - left); // each hop took one off
        return out;
    }
}
