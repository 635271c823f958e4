package org.ipsec4j.io.pcap;

import static org.ipsec4j.io.pcap.Captures.arp;
import static org.ipsec4j.io.pcap.Captures.ethernet;
import static org.ipsec4j.io.pcap.Captures.ipv4Udp;
import static org.ipsec4j.io.pcap.Captures.ipv6Udp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * The offline tool end to end: plaintext captures through host or gateway A's configuration give ESP, the result
 * through B's configuration with B's address local gives the plaintext back, byte for byte.
 */
class PcapToolTest {
    /** The KAME guide's end-host SAs and policies, on TEST-NET addresses. */
    private static final String GUIDE_SAS = "add 192.0.2.1 192.0.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n"
            + "add 192.0.2.2 192.0.2.1 esp 9999 -E des-cbc \"hogehoge\" ;\n";
    private static final String HOST_A = GUIDE_SAS + "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//use;\n";
    private static final String HOST_B = GUIDE_SAS + "spdadd 192.0.2.2 192.0.2.1 any -P out ipsec esp/transport//use;\n"
            + "spdadd 192.0.2.1 192.0.2.2 any -P in ipsec esp/transport//require;\n";

    @TempDir
    Path dir;

    /** What one run printed and returned. */
    record Run(int status, String out, String err) {
    }

    private Run tool(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = PcapTool.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static long spiAt(byte[] frame, int ipOffset) {
        int ihl = (frame[ipOffset] & 0x0f) * 4;
        return ByteBuffer.wrap(frame, ipOffset + ihl, 4).getInt() & 0xffffffffL;
    }

    @Test
    void guideTransportConfigEncryptsAndThePeerDecryptsBack() throws Exception {
        List<byte[]> plain = List.of(
                ethernet(ipv4Udp("192.0.2.1", "192.0.2.2", "first secret")),
                arp(),
                ethernet(ipv4Udp("192.0.2.1", "192.0.2.53", "public query")),
                ethernet(ipv4Udp("192.0.2.1", "192.0.2.2", "second secret")));
        Path in = dir.resolve("plain.pcap");
        Captures.write(in, DataLinkType.EN10MB, plain);
        Path esp = dir.resolve("esp.pcap");
        Run a = tool("--config", file("a.conf", HOST_A).toString(), "--in", in.toString(), "--out", esp.toString());
        assertEquals(0, a.status(), a.err());
        assertEquals("", a.err());
        assertTrue(a.out().startsWith("ipsec4j-pcap: 4 packets read, 4 written, 0 dropped (0 inbound, 3 outbound,"
                + " 1 not IP)\n"), a.out());

        Captures.Capture wire = Captures.read(esp);
        assertEquals(1, wire.linkType());
        assertEquals(4, wire.frames().size());
        for (int i : new int[] {0, 3}) {
            byte[] f = wire.frames().get(i).bytes();
            assertArrayEquals(java.util.Arrays.copyOf(plain.get(i), 14), java.util.Arrays.copyOf(f, 14),
                    "Ethernet header kept");
            assertEquals(50, f[14 + 9], "ESP");
            assertEquals(9998, spiAt(f, 14));
            assertFalse(new String(f, StandardCharsets.ISO_8859_1).contains("secret"));
        }
        assertArrayEquals(plain.get(1), wire.frames().get(1).bytes(), "ARP copied");
        assertArrayEquals(plain.get(2), wire.frames().get(2).bytes(), "traffic to other hosts stays plaintext");
        Captures.Capture original = Captures.read(in);
        for (int i = 0; i < 4; i++) {
            assertEquals(original.frames().get(i).time(), wire.frames().get(i).time(), "timestamp of packet " + i);
        }

        Path back = dir.resolve("back.pcap");
        Run b = tool("--config", file("b.conf", HOST_B).toString(), "--in", esp.toString(), "--out", back.toString(),
                "--local", "192.0.2.2");
        assertEquals(0, b.status(), b.err());
        assertEquals("", b.err());
        List<byte[]> result = Captures.read(back).bytes();
        assertEquals(4, result.size());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(plain.get(i), result.get(i), "packet " + (i + 1));
        }
    }

    @Test
    void droppedPacketsAreListedWithTheirReason() throws Exception {
        String sas = "add 192.0.2.1 192.0.2.2 esp 0x1000 -E aes-cbc 0x000102030405060708090a0b0c0d0e0f"
                + " -A hmac-sha256 0x101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f ;\n";
        Path in = dir.resolve("plain.pcap");
        List<byte[]> plain = new ArrayList<>();
        for (int i = 1; i <= 3; i++) plain.add(ethernet(ipv4Udp("192.0.2.1", "192.0.2.2", "message " + i)));
        Captures.write(in, DataLinkType.EN10MB, plain);
        Path esp = dir.resolve("esp.pcap");
        assertEquals(0, tool("--config", file("a.conf", sas
                + "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//require;\n").toString(),
                "--in", in.toString(), "--out", esp.toString()).status());
        List<byte[]> wire = new ArrayList<>(Captures.read(esp).bytes());
        byte[] tampered = wire.get(1).clone();
        tampered[tampered.length - 20] ^= 0x40;
        wire.set(1, tampered);
        wire.add(ethernet(ipv4Udp("192.0.2.1", "192.0.2.2", "plaintext sneaking in")));
        Path bad = dir.resolve("bad.pcap");
        Captures.write(bad, DataLinkType.EN10MB, wire);
        Path out = dir.resolve("out.pcap");
        Run b = tool("--config", file("b.conf", sas
                + "spdadd 192.0.2.1 192.0.2.2 any -P in ipsec esp/transport//require;\n").toString(),
                "--in", bad.toString(), "--out", out.toString(), "--local", "192.0.2.2");
        assertEquals(0, b.status());
        assertEquals("packet 2: dropped (badauth)\npacket 4: dropped (policy)\n", b.err());
        assertTrue(b.out().startsWith("ipsec4j-pcap: 4 packets read, 2 written, 2 dropped (4 inbound, 0 outbound,"
                + " 0 not IP)\n\t1 dropped: badauth\n\t1 dropped: policy\n"), b.out());
        assertTrue(b.out().contains("\t1 inbound packets failed on authentication\n"), b.out());
        List<byte[]> result = Captures.read(out).bytes();
        assertEquals(2, result.size());
        assertArrayEquals(plain.get(0), result.get(0));
        assertArrayEquals(plain.get(2), result.get(1));
    }

    @Test
    void rawIpCaptureWithIpv6SitesOverAnIpv4TunnelChangesFamily() throws Exception {
        String sas = "add 192.0.2.1 192.0.2.2 esp 0x3000 -m tunnel -E aes-cbc 0x000102030405060708090a0b0c0d0e0f"
                + " -A hmac-sha1 0x0102030405060708090a0b0c0d0e0f1011121314 ;\n";
        String gwA = sas + "spdadd 2001:db8:a::/48 2001:db8:b::/48 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/require;\n";
        String gwB = sas + "spdadd 2001:db8:a::/48 2001:db8:b::/48 any -P in ipsec esp/tunnel/192.0.2.1-192.0.2.2/require;\n";
        byte[] v6 = ipv6Udp("2001:db8:a::7", "2001:db8:b::9", "six in four");
        for (DataLinkType dlt : new DataLinkType[] {DataLinkType.RAW, DataLinkType.EN10MB}) {
            byte[] frame = dlt == DataLinkType.RAW ? v6 : ethernet(v6);
            int ipOff = dlt == DataLinkType.RAW ? 0 : 14;
            Path in = dir.resolve("v6.pcap");
            Captures.write(in, dlt, List.of(frame));
            Path esp = dir.resolve("v4esp.pcap");
            assertEquals(0, tool("--config", file("a.conf", gwA).toString(), "--in", in.toString(),
                    "--out", esp.toString()).status());
            Captures.Capture wire = Captures.read(esp);
            assertEquals(dlt.value(), wire.linkType());
            byte[] f = wire.frames().get(0).bytes();
            assertEquals(0x45, f[ipOff] & 0xff, "an IPv4 outer header");
            assertEquals(0x3000, spiAt(f, ipOff));
            if (dlt == DataLinkType.EN10MB) {
                assertEquals(0x0800, ((f[12] & 0xff) << 8) | (f[13] & 0xff), "ethertype follows the family");
            }
            Path back = dir.resolve("back.pcap");
            Run b = tool("--config", file("b.conf", gwB).toString(), "--in", esp.toString(), "--out", back.toString(),
                    "--local", "192.0.2.2");
            assertEquals(0, b.status(), b.err());
            assertArrayEquals(frame, Captures.read(back).bytes().get(0));
        }
    }

    @Test
    void badConfigurationExitsWithSetkeysError() throws Exception {
        Path in = dir.resolve("in.pcap");
        Captures.write(in, DataLinkType.EN10MB, List.of(arp()));
        Path conf = file("bad.conf", "add 192.0.2.1 192.0.2.2 esp 9998 -E des-cbcx \"hogehoge\" ;\n");
        Run r = tool("--config", conf.toString(), "--in", in.toString(), "--out", dir.resolve("o.pcap").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("setkey: " + conf + ": line 1"), r.err());
        assertTrue(r.err().contains("des-cbcx"), r.err());
        assertFalse(Files.exists(dir.resolve("o.pcap")), "nothing is written for a bad configuration");
    }

    @Test
    void unreadableCaptureAndBadArgumentsExitWithOne() throws Exception {
        Path conf = file("a.conf", HOST_A);
        Run missing = tool("--config", conf.toString(), "--in", dir.resolve("none.pcap").toString(), "--out",
                dir.resolve("o.pcap").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().startsWith("ipsec4j-pcap: cannot read " + dir.resolve("none.pcap")), missing.err());
        Path notPcap = file("text.pcap", "this is not a capture\n");
        Run garbage = tool("--config", conf.toString(), "--in", notPcap.toString(), "--out",
                dir.resolve("o.pcap").toString());
        assertEquals(1, garbage.status());
        assertTrue(garbage.err().startsWith("ipsec4j-pcap: cannot read " + notPcap), garbage.err());
        Run usage = tool("--config", conf.toString(), "--in");
        assertEquals(1, usage.status());
        assertEquals("ipsec4j-pcap: --in needs a value\n" + PcapToolOptions.USAGE + "\n", usage.err());
        Run name = tool("--config", conf.toString(), "--in", "x", "--out", "y", "--local", "gateway.example");
        assertEquals(1, name.status());
        assertTrue(name.err().startsWith("ipsec4j-pcap: not a numeric address: \"gateway.example\""), name.err());
    }

    @Test
    void linuxCookedCaptureKeepsItsHeader() throws Exception {
        byte[] ip = ipv4Udp("192.0.2.1", "192.0.2.2", "cooked");
        byte[] sll = new byte[16 + ip.length];
        sll[1] = 4; // sent by us
        sll[3] = 1; // ARPHRD_ETHER
        sll[5] = 6;
        sll[14] = 0x08;
        System.arraycopy(ip, 0, sll, 16, ip.length);
        Path in = dir.resolve("sll.pcap");
        Captures.write(in, DataLinkType.LINUX_SLL, List.of(sll));
        Path esp = dir.resolve("sll-esp.pcap");
        assertEquals(0, tool("--config", file("a.conf", HOST_A).toString(), "--in", in.toString(),
                "--out", esp.toString()).status());
        Captures.Capture wire = Captures.read(esp);
        assertEquals(113, wire.linkType());
        byte[] f = wire.frames().get(0).bytes();
        assertArrayEquals(java.util.Arrays.copyOf(sll, 16), java.util.Arrays.copyOf(f, 16));
        assertEquals(9998, spiAt(f, 16));
        Path back = dir.resolve("sll-back.pcap");
        assertEquals(0, tool("--config", file("b.conf", HOST_B).toString(), "--in", esp.toString(),
                "--out", back.toString(), "--local", "192.0.2.2").status());
        assertArrayEquals(sll, Captures.read(back).bytes().get(0));
    }
}
