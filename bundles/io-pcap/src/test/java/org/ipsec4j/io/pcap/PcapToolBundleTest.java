package org.ipsec4j.io.pcap;

import static org.ipsec4j.io.pcap.Captures.ethernet;
import static org.ipsec4j.io.pcap.Captures.ipv4Udp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * The offline tool runs every transform a gateway runs, with both providers: an SA bundle of IPComp, ESP with
 * Bouncy Castle's Camellia and AH with AES-XCBC-MAC, out through A's configuration and back through B's.
 */
class PcapToolBundleTest {
    private static final String SAS = ""
            + "add 192.0.2.1 192.0.2.2 ipcomp 0x4001 -C deflate ;\n"
            + "add 192.0.2.1 192.0.2.2 esp 0x1001 -E camellia-cbc 0x000102030405060708090a0b0c0d0e0f ;\n"
            + "add 192.0.2.1 192.0.2.2 ah 0x1002 -A aes-xcbc-mac 0x101112131415161718191a1b1c1d1e1f ;\n";
    private static final String RULES = "ipcomp/transport//use esp/transport//require ah/transport//require";

    @TempDir
    Path dir;

    private int tool(List<String> args, StringBuilder err) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int rc = PcapTool.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        err.append(e.toString(StandardCharsets.UTF_8));
        return rc;
    }

    @Test
    void ipcompEspAndAhBundleOutAndBack() throws Exception {
        List<byte[]> plain = new ArrayList<>();
        String text = "a compressible secret, ".repeat(20);
        for (int i = 1; i <= 3; i++) {
            plain.add(ethernet(ipv4Udp("192.0.2.1", "192.0.2.2", i + ": " + text)));
        }
        Path in = dir.resolve("plain.pcap");
        Captures.write(in, DataLinkType.EN10MB, plain);
        Path a = Files.writeString(dir.resolve("a.conf"),
                SAS + "spdadd 192.0.2.1 192.0.2.2 udp -P out ipsec " + RULES + " ;\n");
        Path b = Files.writeString(dir.resolve("b.conf"),
                SAS + "spdadd 192.0.2.1 192.0.2.2 udp -P in ipsec " + RULES + " ;\n");

        Path wire = dir.resolve("wire.pcap");
        StringBuilder err = new StringBuilder();
        assertEquals(0, tool(List.of("--config", a.toString(), "--in", in.toString(), "--out", wire.toString()), err),
                err.toString());
        assertEquals("", err.toString());
        for (byte[] f : Captures.read(wire).bytes()) {
            assertEquals(51, f[14 + 9], "AH outermost");
            assertEquals(50, f[14 + 20], "ESP inside AH");
            assertFalse(new String(f, StandardCharsets.ISO_8859_1).contains("secret"));
        }

        Path back = dir.resolve("back.pcap");
        assertEquals(0, tool(List.of("--config", b.toString(), "--in", wire.toString(), "--out", back.toString(),
                "--local", "192.0.2.2"), err), err.toString());
        assertEquals("", err.toString());
        List<byte[]> result = Captures.read(back).bytes();
        assertEquals(3, result.size());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(plain.get(i), result.get(i), "packet " + (i + 1));
        }
    }
}
