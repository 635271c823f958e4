package org.ipsec4j.esp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.sad.SaTable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vector of {@code esp_packet_vectors.json} (RFC 3602, draft-mcgrew-gcm-test-01 / RFC 4106 with ESN, RFC 7634),
 * both ways: ESP input of the packet gives the stated plaintext, and ESP output of the plaintext with the stated IV
 * gives the packet, byte for byte. Vectors whose next header is 4 run in tunnel mode, the others in transport mode
 * (the GCM draft's plaintexts are IPv4 packets carried with next header 1, so they are transport payloads).
 */
class EspPacketVectorsTest {
    private static final java.net.InetAddress SRC = TestSas.ip("192.168.123.100");
    private static final java.net.InetAddress DST = TestSas.ip("192.168.123.101");

    record Vector(String id, String transform, AlgorithmKey key, int spi, long seq, boolean esn, byte[] iv,
            byte[] plaintext, byte[] esp) {
        int nextHeader() { return plaintext[plaintext.length - 1] & 0xff; }
        byte[] payload() { return Arrays.copyOf(plaintext, plaintext.length - 2 - (plaintext[plaintext.length - 2] & 0xff)); }
        boolean tunnel() { return nextHeader() == IpProtocol.IPV4; }
        @Override public String toString() { return id; }
    }

    static Stream<Vector> vectors() throws Exception {
        List<Vector> out = new ArrayList<>();
        try (Reader r = new InputStreamReader(EspPacketVectorsTest.class.getResourceAsStream("/esp_packet_vectors.json"),
                StandardCharsets.UTF_8)) {
            for (var e : JsonParser.parseReader(r).getAsJsonObject().getAsJsonArray("vectors")) {
                JsonObject v = e.getAsJsonObject();
                String transform = v.get("transform").getAsString();
                String alg = transform.contains("CBC") ? "aes-cbc" : transform.contains("GCM") ? "aes-gcm-16"
                        : "chacha20-poly1305";
                byte[] key = TestSas.hex(v.has("keymat_setkey_hex") ? v.get("keymat_setkey_hex").getAsString()
                        : v.get("enc_key_hex").getAsString());
                long seq = v.has("seq64_hex") ? Long.parseUnsignedLong(v.get("seq64_hex").getAsString(), 16)
                        : v.get("seq").getAsLong();
                out.add(new Vector(v.get("id").getAsString(), transform, new AlgorithmKey(alg, key),
                        v.get("spi").getAsInt(), seq, v.has("esn") && v.get("esn").getAsBoolean(),
                        TestSas.hex(v.get("iv_hex").getAsString()), TestSas.hex(v.get("esp_plaintext_hex").getAsString()),
                        TestSas.hex(v.get("esp_packet_hex").getAsString())));
            }
        }
        assertEquals(9, out.size(), "vectors in the file");
        return out.stream();
    }

    private static SaEntry sa(SaTable sad, Vector v) {
        SecurityAssociation sa = TestSas.esp(SRC, DST, v.spi()).encryption(v.key())
                .mode(v.tunnel() ? IpsecMode.TUNNEL : IpsecMode.TRANSPORT).extendedSequence(v.esn())
                .replayWindowBytes(32).build();
        return sad.add(sa);
    }

    /**
     * The inbound SA with its replay window just below the vector's number, so that the high half of an ESN is
     * inferred as the vector says. Numbers of 2^63 and above (mcgrew-gcm-esp-1) are beyond the SAD's window, which
     * keeps 63 bits: a scripted window stands in for it there.
     */
    private static SaEntry inbound(SaTable sad, Vector v) {
        SaEntry sa = sa(sad, v);
        if (v.seq() < 0) {
            return new PresetSequenceSa(sa, 1, v.seq());
        }
        if (v.seq() > 1) {
            assertTrue(sa.replayCommit(v.seq() - 1), "the window stands just below the vector's number");
        }
        return sa;
    }

    private static EspTransform transform(Vector v) {
        return new EspTransform(TestRegistry.withJce(), EspOptions.DEFAULTS,
                (buf, off, len, seq, counter) -> {
                    assertEquals(v.iv().length, len);
                    assertEquals(v.seq(), seq);
                    assertEquals(!v.transform().contains("CBC"), counter);
                    System.arraycopy(v.iv(), 0, buf, off, len);
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void outputReproducesThePacket(Vector v) {
        SaTable sad = new SaTable();
        SaEntry sa = new PresetSequenceSa(sa(sad, v), v.seq());
        byte[] plain = v.tunnel() ? v.payload() : Packets.ipv4(SRC, DST, v.nextHeader(), v.payload());
        PacketBuffer pkt = Packets.buffer(plain);

        assertEquals(Verdict.OK, transform(v).output(pkt, sa));

        byte[] out = pkt.toByteArray();
        assertEquals(20 + v.esp().length, out.length);
        assertEquals(TestSas.hex(v.esp()), TestSas.hex(Arrays.copyOfRange(out, 20, out.length)));
        Ipv4Header ip = new Ipv4Header();
        assertEquals(Verdict.OK, ip.wrap(out, 0, out.length));
        assertEquals(IpProtocol.ESP, ip.protocol());
        assertTrue(ip.verifyChecksum());
        assertArrayEquals(SRC.getAddress(), Arrays.copyOfRange(out, 12, 16));
        assertArrayEquals(DST.getAddress(), Arrays.copyOfRange(out, 16, 20));
        assertEquals(1, sa.counters().packets());
        assertEquals(plain.length, sa.counters().bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void inputGivesThePlaintext(Vector v) {
        SaTable sad = new SaTable();
        SaEntry sa = inbound(sad, v);
        PacketBuffer pkt = Packets.buffer(Packets.ipv4(SRC, DST, IpProtocol.ESP, v.esp()));

        assertEquals(Verdict.OK, transform(v).input(pkt, sa));

        byte[] expected = v.tunnel() ? v.payload() : Packets.ipv4(SRC, DST, v.nextHeader(), v.payload());
        assertEquals(TestSas.hex(expected), TestSas.hex(pkt.toByteArray()));
        assertEquals(1, sa.counters().packets());
        assertEquals(expected.length, sa.counters().bytes());
        if (v.seq() > 0) {
            assertEquals(v.seq(), sa.counters().sequence());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void theSamePacketTwiceIsAReplay(Vector v) {
        SaTable sad = new SaTable();
        SaEntry sa = inbound(sad, v);
        EspTransform esp = transform(v);
        byte[] wire = Packets.ipv4(SRC, DST, IpProtocol.ESP, v.esp());
        assertEquals(Verdict.OK, esp.input(Packets.buffer(wire), sa));
        assertEquals(Verdict.REPLAY, esp.input(Packets.buffer(wire), sa));
        assertEquals(1, sa.counters().drops(Verdict.REPLAY));
    }
}
