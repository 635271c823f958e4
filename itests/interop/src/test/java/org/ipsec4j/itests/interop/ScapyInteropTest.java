package org.ipsec4j.itests.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ipsec4j.api.sa.SaEntry;
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
 * ipsec4j's ESP against scapy's IPsec layer ({@code scapy.layers.ipsec.SecurityAssociation}, Debian's scapy 2.5), in
 * both directions, for the {@link ScapyMatrix}: every algorithm both implement, transport and tunnel mode, IPv4 and
 * IPv6 (IPv6 transport with hop-by-hop and destination options headers), 32-bit and extended sequence numbers.
 *
 * <ul>
 * <li><b>scapy to ipsec4j</b>: scapy encrypts its plaintext packets; ipsec4j, configured with the same SA through setkey
 * and with an {@code in} policy, decrypts them with each provider bundle that has the algorithms (and, for the
 * algorithms of the JCE bundle on fresh SAs, the offline tool {@code ipsec4j-pcap} does the same from the captures);
 * every result must equal scapy's plaintext byte for byte; a copy with one bit flipped (before the genuine packets)
 * and a replayed packet must be dropped.</li>
 * <li><b>ipsec4j to scapy</b>: ipsec4j encrypts the same plaintext through an {@code out} policy; scapy checks SPI and
 * sequence numbers, verifies the ICV, decrypts, and must get the plaintext back byte for byte; it must also reject a
 * copy of the first packet with one bit flipped.</li>
 * </ul>
 * With ESN and a separate integrity algorithm the script computes the ICV itself, high 32 bits appended (RFC 4303
 * section 2.2.1), because scapy 2.5 leaves them out; with combined modes scapy's own ESN AAD is used.
 *
 * <p>The matrix runs in two python processes (one {@code encrypt}, one {@code decrypt}, each over the whole list).
 * Skipped, saying why, when {@code /usr/bin/python3} with scapy is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScapyInteropTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    static Path dir;

    private String missing;
    private List<EspCase> cases;
    private Map<String, ScapyScript.Outcome> encrypted;

    @BeforeAll
    void scapyEncryptsTheMatrix() throws IOException {
        missing = ExternalTool.scapyMissing();
        if (missing != null) {
            System.err.println("ScapyInteropTest skipped: " + missing);
            return;
        }
        cases = ScapyMatrix.cases();
        encrypted = ScapyScript.run("encrypt", cases.stream().map(c -> c.json("")).toList(),
                cases.stream().map(EspCase::id).toList(), dir);
    }

    /** Each test skips, saying why, without scapy (so that the report counts skipped tests, not none). */
    private void assumeScapy() {
        Assumptions.assumeTrue(missing == null, () -> "skipped: " + missing);
    }

    @TestFactory
    Stream<DynamicTest> scapyEncryptsIpsec4jDecrypts() {
        assumeScapy();
        return cases.stream().map(c -> dynamicTest("scapy -> ipsec4j " + c.id(), () -> ipsec4jDecrypts(c)));
    }

    private void ipsec4jDecrypts(EspCase c) throws Exception {
        ScapyScript.Outcome o = encrypted.get(c.id());
        assertTrue(o.ok(), () -> "scapy could not encrypt: " + o.detail());
        List<byte[]> plain = RawPcap.read(dir.resolve(c.id() + ".plain.pcap"));
        List<byte[]> wire = RawPcap.read(dir.resolve(c.id() + ".scapy.pcap"));
        assertEquals(plain.size(), wire.size());
        int providers = 0;
        for (Provider p : Provider.values()) {
            if (!p.offers(c)) {
                continue;
            }
            providers++;
            try (Gateway gw = new Gateway(p, c.topology().dst()).setkey(c.setkey("in"))) {
                SaEntry sa = gw.sa(c.topology().dst(), c.spi());
                if (c.firstSeq() > 1) {
                    gw.presetReplayWindow(sa, c.firstSeq() - 1);
                }
                if (c.encryption().isAead() || !c.auth().isNull()) {
                    byte[] forged = wire.get(0).clone();
                    forged[forged.length - 33] ^= 0x01; // in the protected payload: no ICV is longer than 32 bytes
                    assertEquals(Verdict.AUTH_FAILED, gw.input(forged).verdict(), p.label() + ": one bit flipped");
                }
                for (int i = 0; i < wire.size(); i++) {
                    Gateway.Result r = gw.input(wire.get(i));
                    String what = p.label() + ", packet " + (i + 1) + " (" + HEX.formatHex(wire.get(i)) + ")";
                    assertEquals(Verdict.OK, r.verdict(), what);
                    assertArrayEquals(plain.get(i), r.packet(), what);
                }
                assertEquals(Verdict.REPLAY, gw.input(wire.get(0)).verdict(), p.label() + ": a replayed packet");
                assertEquals(c.firstSeq() + wire.size() - 1, sa.counters().sequence(), "highest sequence number");
            }
        }
        assertTrue(providers > 0, "no provider bundle has " + c.encryption().label() + " and " + c.auth().label());
        if (Provider.JCE.offers(c) && c.firstSeq() == 1) {
            pcapToolDecrypts(c, plain);
        }
    }

    /** The offline tool on scapy's capture, with the receiving end's setkey file and address. */
    private void pcapToolDecrypts(EspCase c, List<byte[]> plain) throws IOException {
        Path conf = Files.writeString(dir.resolve(c.id() + ".in.conf"), c.setkey("in"));
        Path out = dir.resolve(c.id() + ".pcaptool.pcap");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int rc = PcapTool.run(List.of("--config", conf.toString(), "--in", dir.resolve(c.id() + ".scapy.pcap").toString(),
                "--out", out.toString(), "--local", c.topology().dst()),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, () -> "ipsec4j-pcap: " + stderr.toString(StandardCharsets.UTF_8));
        assertEquals("", stderr.toString(StandardCharsets.UTF_8), "ipsec4j-pcap dropped packets");
        List<byte[]> result = RawPcap.read(out);
        assertEquals(plain.size(), result.size(), "packets ipsec4j-pcap wrote");
        for (int i = 0; i < plain.size(); i++) {
            assertArrayEquals(plain.get(i), result.get(i), "ipsec4j-pcap, packet " + (i + 1));
        }
    }

    /**
     * RFC 4303 section 3.1.1 lets destination options go before or after ESP in transport mode. ipsec4j puts ESP in
     * front of destination options that no routing header follows (as KAME does: they are for the final destination
     * and stay protected); scapy, like Linux, puts ESP behind them. Each side opens the other's layout (the matrix);
     * here the two layouts are pinned down on the plaintext with hop-by-hop and destination options (packet 5) and
     * the one with destination options alone (packet 6).
     */
    @Test
    void ipv6DestinationOptionsGoInsideEspWithIpsec4jAndOutsideWithScapy() throws IOException {
        assumeScapy();
        EspCase c = cases.stream().filter(x -> x.topology() == Topology.TRANSPORT_V6 && !x.esn()
                && x.encryption() == EspAlgorithm.AES_CBC_128 && x.auth() == EspAlgorithm.HMAC_SHA256).findFirst()
                .orElseThrow();
        List<byte[]> plain = RawPcap.read(dir.resolve(c.id() + ".plain.pcap"));
        List<byte[]> scapy = RawPcap.read(dir.resolve(c.id() + ".scapy.pcap"));
        assertEquals(0, plain.get(4)[6], "packet 5: hop-by-hop first");
        assertEquals(60, plain.get(4)[40], "packet 5: then destination options");
        assertEquals(60, plain.get(5)[6], "packet 6: destination options first");
        assertEquals(60, scapy.get(4)[40], "scapy: hop-by-hop, destination options");
        assertEquals(50, scapy.get(4)[48], "scapy: then ESP");
        assertEquals(60, scapy.get(5)[6], "scapy: destination options");
        assertEquals(50, scapy.get(5)[40], "scapy: then ESP");
        try (Gateway gw = new Gateway(Provider.JCE, c.topology().src()).setkey(c.setkey("out"))) {
            byte[] both = gw.output(plain.get(4)).packet();
            assertEquals(0, both[6], "ipsec4j: hop-by-hop stays in front");
            assertEquals(50, both[40], "ipsec4j: ESP right behind hop-by-hop, destination options inside");
            byte[] alone = gw.output(plain.get(5)).packet();
            assertEquals(50, alone[6], "ipsec4j: ESP first, destination options inside");
        }
    }

    /**
     * {@code ipsec4j-pcap} should know the algorithms of a running gateway, whose bundle set includes the Bouncy Castle
     * provider: CAST-128 and AES-CMAC here, as scapy makes them.
     */
    @Test
    void pcapToolDecryptsTheBouncyCastleBundlesAlgorithms() throws IOException {
        assumeScapy();
        EspCase c = cases.stream().filter(x -> x.topology() == Topology.TRANSPORT_V4 && !x.esn()
                && x.encryption() == EspAlgorithm.CAST_128 && x.auth() == EspAlgorithm.AES_CMAC).findFirst()
                .orElseThrow();
        pcapToolDecrypts(c, RawPcap.read(dir.resolve(c.id() + ".plain.pcap")));
    }

    @TestFactory
    Stream<DynamicTest> ipsec4jEncryptsScapyDecrypts() throws IOException {
        assumeScapy();
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, List<byte[]>> plaintexts = new LinkedHashMap<>();
        List<String> jobs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (EspCase c : cases) {
            if (!encrypted.get(c.id()).ok()) {
                continue; // reported by the other direction
            }
            List<byte[]> plain = RawPcap.read(dir.resolve(c.id() + ".plain.pcap"));
            for (Provider p : Provider.values()) {
                if (!p.offers(c)) {
                    continue;
                }
                String job = c.id() + "." + p.label();
                plaintexts.put(job, plain);
                String failure = ipsec4jEncrypts(c, p, plain, dir.resolve(job + ".ipsec4j.pcap"));
                if (failure != null) {
                    failures.put(job, failure);
                    continue;
                }
                ids.add(job);
                jobs.add(c.json(",\n " + Json.field("id", job) + "," + Json.field("in", dir.resolve(job + ".ipsec4j.pcap").toString())
                        + "," + Json.field("out", dir.resolve(job + ".decrypted.pcap").toString())));
            }
        }
        Map<String, ScapyScript.Outcome> decrypted = ScapyScript.run("decrypt", jobs, ids, dir);
        return plaintexts.entrySet().stream().map(e -> dynamicTest("ipsec4j -> scapy " + e.getKey(), () -> {
            String failure = failures.get(e.getKey());
            assertEquals(null, failure, "ipsec4j could not encrypt");
            ScapyScript.Outcome o = decrypted.get(e.getKey());
            assertTrue(o.ok(), () -> "scapy: " + o.detail());
            assertTrue(o.detail().endsWith("bit flip detected") || o.detail().endsWith("no ICV"), o.detail());
            List<byte[]> back = RawPcap.read(dir.resolve(e.getKey() + ".decrypted.pcap"));
            List<byte[]> plain = e.getValue();
            assertEquals(plain.size(), back.size(), "packets scapy decrypted");
            for (int i = 0; i < plain.size(); i++) {
                assertArrayEquals(plain.get(i), back.get(i), "packet " + (i + 1));
            }
        }));
    }

    /** ipsec4j with provider {@code p} encrypts {@code plain} into {@code out}; returns why not, or null. */
    private static String ipsec4jEncrypts(EspCase c, Provider p, List<byte[]> plain, Path out) throws IOException {
        List<byte[]> wire = new ArrayList<>();
        try (Gateway gw = new Gateway(p, c.topology().src()).setkey(c.setkey("out"))) {
            if (c.firstSeq() > 1) {
                gw.presetOutboundSequence(gw.sa(c.topology().dst(), c.spi()), c.firstSeq());
            }
            for (int i = 0; i < plain.size(); i++) {
                Gateway.Result r = gw.output(plain.get(i));
                if (r.verdict() != Verdict.OK) {
                    return "packet " + (i + 1) + ": " + r.verdict();
                }
                wire.add(r.packet());
            }
        } catch (AssertionError e) {
            return e.getMessage();
        }
        RawPcap.write(out, wire);
        return null;
    }
}
