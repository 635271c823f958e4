package org.ipsec4j.itests.interop;

import static org.ipsec4j.itests.interop.EspAlgorithm.AES_CBC_128;
import static org.ipsec4j.itests.interop.EspAlgorithm.AES_CBC_192;
import static org.ipsec4j.itests.interop.EspAlgorithm.AES_CBC_256;
import static org.ipsec4j.itests.interop.EspAlgorithm.AES_CTR_128;
import static org.ipsec4j.itests.interop.EspAlgorithm.AES_CTR_256;
import static org.ipsec4j.itests.interop.EspAlgorithm.AES_GCM_12_128;
import static org.ipsec4j.itests.interop.EspAlgorithm.AES_GCM_16_128;
import static org.ipsec4j.itests.interop.EspAlgorithm.AES_GCM_16_256;
import static org.ipsec4j.itests.interop.EspAlgorithm.AES_GCM_8_256;
import static org.ipsec4j.itests.interop.EspAlgorithm.BLOWFISH_128;
import static org.ipsec4j.itests.interop.EspAlgorithm.CAST_128;
import static org.ipsec4j.itests.interop.EspAlgorithm.DES;
import static org.ipsec4j.itests.interop.EspAlgorithm.HMAC_MD5;
import static org.ipsec4j.itests.interop.EspAlgorithm.HMAC_RIPEMD160;
import static org.ipsec4j.itests.interop.EspAlgorithm.HMAC_SHA1;
import static org.ipsec4j.itests.interop.EspAlgorithm.HMAC_SHA256;
import static org.ipsec4j.itests.interop.EspAlgorithm.HMAC_SHA256_96;
import static org.ipsec4j.itests.interop.EspAlgorithm.HMAC_SHA384;
import static org.ipsec4j.itests.interop.EspAlgorithm.HMAC_SHA512;
import static org.ipsec4j.itests.interop.EspAlgorithm.NULL_AUTH;
import static org.ipsec4j.itests.interop.EspAlgorithm.NULL_ENC;
import static org.ipsec4j.itests.interop.EspAlgorithm.TRIPLE_DES;
import static org.ipsec4j.itests.interop.EspAlgorithm.TWOFISH_128;
import static org.ipsec4j.itests.interop.EspAlgorithm.TWOFISH_256;
import static org.ipsec4j.itests.interop.Topology.TRANSPORT_V4;
import static org.ipsec4j.itests.interop.Topology.TRANSPORT_V6;
import static org.ipsec4j.itests.interop.Topology.TUNNEL_V4_IN_V4;
import static org.ipsec4j.itests.interop.Topology.TUNNEL_V4_IN_V6;
import static org.ipsec4j.itests.interop.Topology.TUNNEL_V6_IN_V4;
import static org.ipsec4j.itests.interop.Topology.TUNNEL_V6_IN_V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.io.pcap.PcapTool;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * ipsec4j's ESP read by Wireshark's ESP dissector (tshark 4.0), which decrypts and checks the ICV with the SAs of its
 * {@code esp_sa} table. ipsec4j encrypts ICMP echo requests and UDP datagrams: through the offline tool
 * {@code ipsec4j-pcap} where the JCE bundle has the algorithms, otherwise with the Bouncy Castle bundle in process.
 * All cases go into one capture, with the SAs in one {@code esp_sa} file of a private configuration directory
 * ({@code XDG_CONFIG_HOME}), and one tshark run reads it. For every packet tshark must report the SPI, the sequence
 * number, the ICV as good (when the SA has one), the next header, and the decrypted packet: ICMP identifier and
 * sequence number, or UDP ports and payload bytes, and in tunnel mode the inner addresses. Copies of two packets with
 * one bit flipped, appended at the end, must be reported with a bad ICV.
 *
 * <p>What tshark 4.0 cannot check: ChaCha20-Poly1305, AES-GMAC, AES-CMAC, AES-XCBC-MAC, Camellia, extended sequence
 * numbers. Skipped, saying why, when tshark is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TsharkInteropTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String FIELDS = "frame.number esp.spi esp.sequence esp.icv_good esp.icv_bad esp.protocol "
            + "ip.src ip.dst ipv6.src ipv6.dst icmp.ident icmp.seq icmpv6.echo.identifier icmpv6.echo.sequence_number "
            + "udp.srcport udp.dstport data.data";

    @TempDir
    static Path dir;

    /** One SA and what ipsec4j made of its plaintext: the frames start at {@code firstFrame} (from 1). */
    private record Sent(EspCase sa, String via, List<byte[]> plain, int firstFrame) {
    }

    /** One line of tshark's output: the fields named in {@link #FIELDS}, in order. */
    private record Decoded(Map<String, String> fields) {
        String get(String name) {
            return fields.get(name);
        }
    }

    private final List<Sent> sent = new ArrayList<>();
    private final List<byte[]> capture = new ArrayList<>();
    private final List<Decoded> decoded = new ArrayList<>();

    private String missing;

    @BeforeAll
    void ipsec4jEncryptsAndTsharkDecodes() throws IOException {
        missing = ExternalTool.tsharkMissing();
        if (missing != null) {
            System.err.println("TsharkInteropTest skipped: " + missing);
            return;
        }
        List<Object[]> matrix = List.of(
                new Object[] {AES_GCM_16_128, NULL_AUTH, TRANSPORT_V4},
                new Object[] {AES_GCM_16_256, NULL_AUTH, TUNNEL_V4_IN_V4},
                new Object[] {AES_GCM_16_128, NULL_AUTH, TUNNEL_V6_IN_V6},
                new Object[] {AES_GCM_12_128, NULL_AUTH, TRANSPORT_V6},
                new Object[] {AES_GCM_8_256, NULL_AUTH, TUNNEL_V4_IN_V6},
                new Object[] {AES_CBC_128, HMAC_SHA1, TRANSPORT_V4},
                new Object[] {AES_CBC_128, HMAC_SHA1, TUNNEL_V4_IN_V4},
                new Object[] {AES_CBC_256, HMAC_SHA256, TRANSPORT_V6},
                new Object[] {AES_CBC_256, HMAC_SHA256, TUNNEL_V6_IN_V6},
                new Object[] {AES_CBC_128, HMAC_SHA256, TUNNEL_V6_IN_V4},
                new Object[] {AES_CBC_192, HMAC_RIPEMD160, TRANSPORT_V4},
                new Object[] {AES_CBC_128, HMAC_SHA256_96, TRANSPORT_V4},
                new Object[] {AES_CTR_128, HMAC_SHA256_96, TUNNEL_V6_IN_V6},
                new Object[] {AES_CTR_128, HMAC_SHA384, TRANSPORT_V4},
                new Object[] {AES_CTR_256, HMAC_SHA512, TUNNEL_V6_IN_V6},
                new Object[] {TRIPLE_DES, HMAC_MD5, TRANSPORT_V4},
                new Object[] {DES, HMAC_SHA1, TUNNEL_V4_IN_V4},
                new Object[] {BLOWFISH_128, HMAC_SHA256, TRANSPORT_V6},
                new Object[] {CAST_128, HMAC_SHA1, TRANSPORT_V4},
                new Object[] {TWOFISH_128, HMAC_SHA256, TUNNEL_V4_IN_V4},
                new Object[] {TWOFISH_256, HMAC_SHA1, TRANSPORT_V6},
                new Object[] {NULL_ENC, HMAC_SHA256, TRANSPORT_V4},
                new Object[] {AES_CBC_128, NULL_AUTH, TRANSPORT_V4});
        StringBuilder uat = new StringBuilder("# ipsec4j interoperability test SAs\n");
        for (Object[] row : matrix) {
            EspCase c = EspCase.of(500 + sent.size(), (EspAlgorithm) row[0], (EspAlgorithm) row[1], (Topology) row[2],
                    false, 1);
            List<byte[]> plain = plaintext(c);
            boolean viaTool = Provider.JCE.offers(c);
            List<byte[]> wire = viaTool ? viaPcapTool(c, plain) : viaEngine(c, plain);
            sent.add(new Sent(c, viaTool ? "ipsec4j-pcap" : "engine+bc", plain, capture.size() + 1));
            capture.addAll(wire);
            uat.append(uatLine(c));
        }
        Files.writeString(Files.createDirectories(dir.resolve("config/wireshark")).resolve("esp_sa"), uat);
        for (Sent s : forged()) {
            byte[] f = capture.get(s.firstFrame() - 1).clone();
            f[f.length - 33] ^= 0x01; // in the protected payload: no ICV is longer than 32 bytes
            capture.add(f);
        }
        Path all = dir.resolve("ipsec4j-esp.pcap");
        RawPcap.write(all, capture);
        List<String> command = new ArrayList<>(List.of(ExternalTool.TSHARK, "-n", "-r", all.toString(),
                "-o", "esp.enable_encryption_decode:TRUE", "-o", "esp.enable_authentication_check:TRUE",
                "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String f : FIELDS.split(" ")) {
            command.add("-e");
            command.add(f);
        }
        ExternalTool.Output o = ExternalTool.run(command, Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString(),
                "HOME", dir.toString()));
        assertEquals(0, o.status(), () -> "tshark failed: " + o.stderr());
        String[] names = FIELDS.split(" ");
        for (String line : o.stdout().split("\n")) {
            String[] v = line.split("\t", -1);
            assertEquals(names.length, v.length, () -> "tshark line: " + line);
            Map<String, String> m = new java.util.HashMap<>();
            for (int i = 0; i < names.length; i++) {
                m.put(names[i], v[i]);
            }
            decoded.add(new Decoded(m));
        }
        assertEquals(capture.size(), decoded.size(), () -> "tshark lines: " + o.stdout() + o.stderr());
    }

    /** Two echo requests and a UDP datagram (the payload length differs between cases, and so the padding). */
    private static List<byte[]> plaintext(EspCase c) {
        Topology t = c.topology();
        byte[] ping = new byte[48];
        for (int i = 0; i < ping.length; i++) {
            ping[i] = (byte) (0x10 + i);
        }
        byte[] text = ("ipsec4j interop " + c.id()).getBytes(StandardCharsets.US_ASCII);
        return List.of(
                Packets.echoRequest(t.innerSrc(), t.innerDst(), echoId(c), 1, ping),
                Packets.udp(t.innerSrc(), t.innerDst(), 49152, 49153 + c.seed() % 100, text),
                Packets.echoRequest(t.innerSrc(), t.innerDst(), echoId(c), 2, new byte[] {0x42}));
    }

    private static int echoId(EspCase c) {
        return 0x5000 + c.seed();
    }

    /** The offline tool with the sending end's configuration: every packet is outbound. */
    private static List<byte[]> viaPcapTool(EspCase c, List<byte[]> plain) throws IOException {
        Path in = dir.resolve(c.id() + ".plain.pcap");
        Path out = dir.resolve(c.id() + ".esp.pcap");
        RawPcap.write(in, plain);
        Path conf = Files.writeString(dir.resolve(c.id() + ".out.conf"), c.setkey("out"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = PcapTool.run(List.of("--config", conf.toString(), "--in", in.toString(), "--out", out.toString()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, () -> c.id() + ": ipsec4j-pcap: " + err.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8), c.id() + ": ipsec4j-pcap dropped packets");
        return RawPcap.read(out);
    }

    private static List<byte[]> viaEngine(EspCase c, List<byte[]> plain) {
        List<byte[]> wire = new ArrayList<>();
        try (Gateway gw = new Gateway(Provider.BC, c.topology().src()).setkey(c.setkey("out"))) {
            for (byte[] p : plain) {
                Gateway.Result r = gw.output(p);
                assertEquals(Verdict.OK, r.verdict(), c.id());
                wire.add(r.packet());
            }
        }
        return wire;
    }

    /** The case's SA as a row of Wireshark's {@code esp_sa} table. */
    private static String uatLine(EspCase c) {
        Topology t = c.topology();
        return String.join(",", quote(t.src().contains(":") ? "IPv6" : "IPv4"), quote(t.src()), quote(t.dst()),
                quote(String.format("0x%08x", c.spi())), quote(c.encryption().wireshark()), quote(key(c.encKey())),
                quote(c.auth().wireshark()), quote(key(c.authKey()))) + "\n";
    }

    private static String key(byte[] k) {
        return k.length == 0 ? "" : "0x" + HEX.formatHex(k);
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    /** The cases whose first packet is appended again with one bit flipped: an HMAC one and a GCM one. */
    private List<Sent> forged() {
        return List.of(sent.get(5), sent.get(0));
    }

    /** Each test skips, saying why, without tshark (so that the report counts skipped tests, not none). */
    private void assumeTshark() {
        Assumptions.assumeTrue(missing == null, () -> "skipped: " + missing);
    }

    @TestFactory
    Stream<DynamicTest> tsharkDecryptsAndVerifiesIpsec4jEsp() {
        assumeTshark();
        return sent.stream().map(s -> dynamicTest("tshark decodes " + s.sa().id() + " (" + s.via() + ")", () -> {
            for (int i = 0; i < s.plain().size(); i++) {
                checkPacket(s, i, decoded.get(s.firstFrame() - 1 + i));
            }
        }));
    }

    private static void checkPacket(Sent s, int i, Decoded d) {
        EspCase c = s.sa();
        Topology t = c.topology();
        String what = c.id() + ", packet " + (i + 1) + ": " + d.fields();
        assertEquals(String.format("0x%08x", c.spi()), d.get("esp.spi"), what);
        assertEquals(String.valueOf(i + 1), d.get("esp.sequence"), what);
        if (c.encryption().isAead() || !c.auth().isNull()) {
            assertEquals("1", d.get("esp.icv_good"), what);
            assertEquals("0", d.get("esp.icv_bad"), what);
        }
        int nextHeader = t.tunnel() ? (t.inner().equals("ipv4") ? 4 : 41) : (i == 1 ? 17 : t.inner().equals("ipv4") ? 1 : 58);
        assertEquals(String.format("0x%02x", nextHeader), d.get("esp.protocol"), what);
        boolean v4 = t.inner().equals("ipv4");
        String src = d.get(v4 ? "ip.src" : "ipv6.src");
        String dst = d.get(v4 ? "ip.dst" : "ipv6.dst");
        assertTrue(src.endsWith(t.innerSrc()) && dst.endsWith(t.innerDst()), what); // the last (innermost) header
        if (i == 1) {
            assertEquals("49152", d.get("udp.srcport"), what);
            assertEquals(String.valueOf(49153 + c.seed() % 100), d.get("udp.dstport"), what);
            assertEquals(HEX.formatHex(("ipsec4j interop " + c.id()).getBytes(StandardCharsets.US_ASCII)),
                    d.get("data.data"), what);
        } else {
            // tshark prints the ICMP identifier in decimal, the ICMPv6 one in hex
            assertEquals(v4 ? String.valueOf(echoId(c)) : String.format("0x%04x", echoId(c)),
                    d.get(v4 ? "icmp.ident" : "icmpv6.echo.identifier"), what);
            assertEquals(String.valueOf(i == 0 ? 1 : 2), d.get(v4 ? "icmp.seq" : "icmpv6.echo.sequence_number"), what);
        }
    }

    /** The two packets with one bit flipped: the HMAC one and the GCM one must both be reported with a bad ICV. */
    @Test
    void tsharkReportsABadIcvForAFlippedBit() {
        assumeTshark();
        List<Sent> forged = forged();
        int firstForged = capture.size() - forged.size();
        for (int k = 0; k < forged.size(); k++) {
            Sent s = forged.get(k);
            Decoded d = decoded.get(firstForged + k);
            String what = s.sa().id() + " with a bit flipped: " + d.fields();
            assertEquals(String.format("0x%08x", s.sa().spi()), d.get("esp.spi"), what);
            assertEquals("0", d.get("esp.icv_good"), what);
            assertEquals("1", d.get("esp.icv_bad"), what);
        }
    }
}
