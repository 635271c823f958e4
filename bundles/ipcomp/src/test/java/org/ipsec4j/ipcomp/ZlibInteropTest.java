package org.ipsec4j.ipcomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.sad.SaTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interoperability of the compressed payloads with an independent deflate: scapy has no IPComp compression, so the
 * peer is Python's zlib in raw form ({@code wbits=-15}, {@code zlib_peer.py}, one process for the class). Python
 * compresses (levels 1, 6 and 9; default, fixed-Huffman and Huffman-only strategies) and ipsec4j decompresses the
 * IPComp packets built around that; ipsec4j compresses and Python decompresses exactly the original payload, in
 * transport and tunnel mode over IPv4 and IPv6.
 */
class ZlibInteropTest {
    private static PythonPeer peer;
    private static final Fixtures.Registry REGISTRY = new Fixtures.Registry();

    @BeforeAll
    static void startPeer() throws IOException {
        assumeTrue(PythonPeer.available(), "/usr/bin/python3 is not installed");
        peer = PythonPeer.start("/zlib_peer.py");
    }

    @AfterAll
    static void stopPeer() throws IOException {
        if (peer != null) {
            peer.close();
        }
    }

    /** A payload by name. */
    record Payload(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name + " (" + bytes.length + ")";
        }
    }

    static List<Payload> payloads() {
        byte[] repeats = new byte[3000];
        for (int i = 0; i < repeats.length; i++) {
            repeats[i] = (byte) (i % 251 < 120 ? i % 7 : i * 31);
        }
        return List.of(new Payload("text", Fixtures.text(100)), new Payload("text", Fixtures.text(1400)),
                new Payload("text", Fixtures.text(8900)), new Payload("zeros", new byte[2000]),
                new Payload("binary", repeats));
    }

    static Stream<Arguments> pythonCases() {
        List<Arguments> out = new ArrayList<>();
        for (Payload p : payloads()) {
            for (String setting : List.of("1/default", "6/default", "9/default", "6/fixed", "6/huffman")) {
                for (String layout : List.of("transport4", "transport6", "tunnel4", "tunnel6")) {
                    out.add(Arguments.of(p, setting, layout));
                }
            }
        }
        return out.stream();
    }

    static Stream<Arguments> ipsec4jCases() {
        List<Arguments> out = new ArrayList<>();
        for (Payload p : payloads()) {
            for (String layout : List.of("transport4", "transport6", "tunnel4", "tunnel6")) {
                if (p.bytes().length > 100 || !layout.startsWith("tunnel")) {
                    out.add(Arguments.of(p, layout)); // 100 bytes of text and a header do not shrink by enough
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("pythonCases")
    void pythonDeflatesIpsec4jInflates(Payload payload, String setting, String layout) throws IOException {
        boolean six = layout.endsWith("6");
        boolean tunnel = layout.startsWith("tunnel");
        byte[] plain = plain(payload, six);
        byte[] region = tunnel ? plain : Arrays.copyOfRange(plain, six ? 40 : 20, plain.length);
        JsonObject req = new JsonObject();
        req.addProperty("op", "deflate");
        req.addProperty("data", Fixtures.hex(region));
        req.addProperty("level", Integer.parseInt(setting.substring(0, 1)));
        req.addProperty("strategy", setting.substring(2));
        byte[] compressed = Fixtures.hex(peer.call(req).get("data").getAsString());
        int nextHeader = tunnel ? (six ? IpProtocol.IPV6 : IpProtocol.IPV4) : IpProtocol.UDP;
        byte[] ipcomp = Fixtures.concat(new byte[] {(byte) nextHeader, 0, 0x43, 0x21}, compressed);
        byte[] wire = six ? Fixtures.ipv6(Fixtures.A6, Fixtures.B6, IpProtocol.IPCOMP, ipcomp)
                : Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.IPCOMP, ipcomp);

        SaEntry sa = new SaTable().add(Fixtures.ipcomp(six ? Fixtures.A6 : Fixtures.A4, six ? Fixtures.B6
                : Fixtures.B4, tunnel ? IpsecMode.TUNNEL : IpsecMode.TRANSPORT).build());
        PacketBuffer pkt = new PacketBuffer(16384, 128).set(128, wire, 0, wire.length);
        assertEquals(Verdict.OK, new IpcompTransform(REGISTRY, IpcompOptions.DEFAULTS).input(pkt, sa));
        assertEquals(Fixtures.hex(plain), Fixtures.hex(pkt.toByteArray()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("ipsec4jCases")
    void ipsec4jDeflatesPythonInflates(Payload payload, String layout) throws IOException {
        boolean six = layout.endsWith("6");
        boolean tunnel = layout.startsWith("tunnel");
        byte[] plain = plain(payload, six);
        SaEntry sa = new SaTable().add(Fixtures.ipcomp(six ? Fixtures.A6 : Fixtures.A4, six ? Fixtures.B6
                : Fixtures.B4, tunnel ? IpsecMode.TUNNEL : IpsecMode.TRANSPORT).build());
        PacketBuffer pkt = new PacketBuffer(16384, 128).set(128, plain, 0, plain.length);
        assertEquals(Verdict.OK, new IpcompTransform(REGISTRY, IpcompOptions.DEFAULTS).output(pkt, sa));
        byte[] wire = pkt.toByteArray();
        int at = six ? 40 : 20;
        assertEquals(IpProtocol.IPCOMP, six ? wire[6] : wire[9]);
        assertTrue(wire.length < plain.length + (tunnel ? at : 0), "smaller, outer header included");

        JsonObject req = new JsonObject();
        req.addProperty("op", "inflate");
        req.addProperty("data", Fixtures.hex(Arrays.copyOfRange(wire, at + 4, wire.length)));
        JsonObject answer = peer.call(req);
        assertTrue(answer.has("data"), () -> "zlib: " + answer);
        byte[] region = tunnel ? plain : Arrays.copyOfRange(plain, at, plain.length);
        assertEquals(Fixtures.hex(region), answer.get("data").getAsString());
    }

    private static byte[] plain(Payload payload, boolean six) {
        return six ? Fixtures.ipv6(Fixtures.A6, Fixtures.B6, IpProtocol.UDP, payload.bytes())
                : Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.UDP, payload.bytes());
    }
}
