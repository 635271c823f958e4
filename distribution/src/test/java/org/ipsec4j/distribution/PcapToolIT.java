package org.ipsec4j.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/ipsec4j-pcap} of the built distribution on small raw-IP captures: host A's configuration encrypts,
 * host B's decrypts back to the same bytes, a tampered packet is listed as dropped, a bad command line is refused.
 * The run must be quiet on standard error (no JVM warnings about native access).
 */
class PcapToolIT {
    private static final String SA = "add 192.0.2.1 192.0.2.2 esp 0x2001 -m transport"
            + " -E aes-cbc 0x000102030405060708090a0b0c0d0e0f"
            + " -A hmac-sha256 0x202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f ;\n";
    private static final String HOST_A = SA + "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//require ;\n";
    private static final String HOST_B = SA + "spdadd 192.0.2.1 192.0.2.2 any -P in ipsec esp/transport//require ;\n";
    private static final int LINKTYPE_RAW = 101;

    @TempDir
    Path dir;

    private Command.Result tool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Gateway.HOME.resolve("bin/ipsec4j-pcap").toString()));
        command.addAll(List.of(args));
        return Command.run(command, Map.of(), dir, "", 120);
    }

    @Test
    void encryptsWithHostAsConfigurationAndDecryptsWithHostBs() throws Exception {
        List<byte[]> plain = List.of(
                ipv4Udp("192.0.2.1", "192.0.2.2", "first secret"),
                ipv4Udp("192.0.2.1", "192.0.2.53", "not for the SA"),
                ipv4Udp("192.0.2.1", "192.0.2.2", "second secret, a little longer"));
        Path in = write("plain.pcap", plain);
        Path esp = dir.resolve("esp.pcap");
        Command.Result a = tool("--config", conf("a.conf", HOST_A), "--in", in.toString(), "--out", esp.toString());
        assertEquals(0, a.status(), a::toString);
        assertEquals("", a.err(), a::toString);
        assertTrue(a.out().startsWith("ipsec4j-pcap: 3 packets read, 3 written, 0 dropped (0 inbound, 3 outbound,"
                + " 0 not IP)\n"), a::toString);
        List<byte[]> wire = read(esp);
        assertEquals(3, wire.size());
        for (int i : new int[] {0, 2}) {
            assertEquals(50, wire.get(i)[9], "ESP");
            assertEquals(0x2001, ByteBuffer.wrap(wire.get(i), 20, 4).getInt(), "SPI");
            assertEquals(i == 0 ? 1 : 2, ByteBuffer.wrap(wire.get(i), 24, 4).getInt(), "sequence number");
            assertFalse(new String(wire.get(i), StandardCharsets.ISO_8859_1).contains("secret"));
        }
        assertArrayEquals(plain.get(1), wire.get(1), "no policy: plaintext");

        Path back = dir.resolve("back.pcap");
        Command.Result b = tool("--config", conf("b.conf", HOST_B), "--in", esp.toString(), "--out", back.toString(),
                "--local", "192.0.2.2");
        assertEquals(0, b.status(), b::toString);
        assertEquals("", b.err(), b::toString);
        List<byte[]> result = read(back);
        assertEquals(3, result.size(), b::toString);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(plain.get(i), result.get(i), "packet " + (i + 1));
        }
    }

    @Test
    void listsATamperedPacketAsDropped() throws Exception {
        Path esp = dir.resolve("esp.pcap");
        Command.Result a = tool("--config", conf("a.conf", HOST_A), "--in",
                write("plain.pcap", List.of(ipv4Udp("192.0.2.1", "192.0.2.2", "one"),
                        ipv4Udp("192.0.2.1", "192.0.2.2", "two"))).toString(), "--out", esp.toString());
        assertEquals(0, a.status(), a::toString);
        List<byte[]> wire = read(esp);
        wire.get(0)[wire.get(0).length - 20] ^= 0x04;
        Path out = dir.resolve("out.pcap");
        Command.Result b = tool("--config", conf("b.conf", HOST_B), "--in", write("tampered.pcap", wire).toString(),
                "--out", out.toString(), "--local", "192.0.2.2");
        assertEquals(0, b.status(), b::toString);
        assertEquals("packet 1: dropped (badauth)\n", b.err(), b::toString);
        assertTrue(b.out().startsWith("ipsec4j-pcap: 2 packets read, 1 written, 1 dropped (2 inbound, 0 outbound,"
                + " 0 not IP)\n\t1 dropped: badauth\n"), b::toString);
        assertArrayEquals(ipv4Udp("192.0.2.1", "192.0.2.2", "two"), read(out).get(0));
    }

    @Test
    void refusesABadCommandLineWithUsage() throws Exception {
        Command.Result r = tool("--config", conf("a.conf", HOST_A), "--in");
        assertEquals(1, r.status(), r::toString);
        assertEquals("ipsec4j-pcap: --in needs a value\nusage: ipsec4j-pcap --config SETKEY_FILE --in IN.pcap"
                + " --out OUT.pcap [--local ADDR ...]\n", r.err(), r::toString);
    }

    private String conf(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text).toString();
    }

    /** An IPv4 UDP datagram (UDP checksum 0: none, which IPv4 allows) with a correct header checksum. */
    static byte[] ipv4Udp(String src, String dst, String text) {
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(28 + data.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (28 + data.length)).putShort((short) 7).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(address(src)).put(address(dst));
        b.putShort((short) 40000).putShort((short) 9).putShort((short) (8 + data.length)).putShort((short) 0).put(data);
        byte[] p = b.array();
        long sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((p[i] & 0xff) << 8) | (p[i + 1] & 0xff);
        }
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        p[10] = (byte) (~sum >>> 8);
        p[11] = (byte) ~sum;
        return p;
    }

    private static byte[] address(String dotted) {
        String[] parts = dotted.split("\\.");
        byte[] a = new byte[4];
        for (int i = 0; i < 4; i++) {
            a[i] = (byte) Integer.parseInt(parts[i]);
        }
        return a;
    }

    /** A classic pcap file of raw IP packets. */
    private Path write(String name, List<byte[]> packets) throws IOException {
        int size = 24 + packets.stream().mapToInt(p -> 16 + p.length).sum();
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                .putInt(LINKTYPE_RAW);
        int second = 1_700_000_000;
        for (byte[] p : packets) {
            b.putInt(second++).putInt(0).putInt(p.length).putInt(p.length).put(p);
        }
        return Files.write(dir.resolve(name), b.array());
    }

    private static List<byte[]> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0xa1b2c3d4) {
            b.order(ByteOrder.BIG_ENDIAN);
        }
        int linkType = b.getInt(20);
        assertTrue(linkType == LINKTYPE_RAW || linkType == 12, "raw IP, not link type " + linkType);
        List<byte[]> packets = new ArrayList<>();
        b.position(24);
        while (b.remaining() >= 16) {
            b.position(b.position() + 8);
            int caplen = b.getInt();
            b.getInt();
            byte[] p = new byte[caplen];
            b.get(p);
            packets.add(p);
        }
        assertFalse(b.hasRemaining(), file + ": trailing bytes");
        return packets;
    }
}
