package org.ipsec4j.itests.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.CompressionContext;
import org.ipsec4j.api.packet.InternetChecksum;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.ipcomp.IpcompOptions;
import org.ipsec4j.ipcomp.IpcompTransform;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target: IPComp's decompressor. The deflate context of the cipher-jce bundle decompresses any bytes into a
 * bounded output: the answer is -1 or a length within the bound, nothing is written past the bound, nothing throws;
 * whatever it compresses decompresses to the same bytes. The same bytes as the payload of an IPComp packet through
 * {@link IpcompTransform#input} with a small decompression limit: a verdict, and an accepted packet no longer than the
 * limit allows.
 *
 * <p>Input: bytes 0-1 are the output bound (1 to 65575), byte 2 the IPComp next header, the rest the compressed data.
 */
class IpcompDecompressFuzzTest {
    private static final int LIMIT = 4000;
    private static final CompressionContext DEFLATE = (CompressionContext) Node.ALGORITHMS
            .find(AlgorithmKind.COMPRESSION, "deflate").orElseThrow().newContext(new byte[0]);
    private static final IpcompTransform IPCOMP = new IpcompTransform(Node.ALGORITHMS,
            new IpcompOptions(90, LIMIT, 64, 64));
    private static final Node RECEIVER = new Node(Family.RECEIVER4).setkey(Family.IPCOMP.saStatement(0));
    private static final SaEntry SA = RECEIVER.sad.get(Lab.id(Family.IPCOMP)).orElseThrow();
    private static final byte CANARY = 0x5a;

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void decompress(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        int bound = 1 + in.u16() % IpcompOptions.MAX_PACKET;
        int nextHeader = in.u8();
        byte[] compressed = in.rest();

        byte[] out = new byte[bound + 64];
        Arrays.fill(out, CANARY);
        int n = DEFLATE.decompress(compressed, 0, compressed.length, out, 16, bound - 16 > 0 ? bound - 16 : 1);
        int max = bound - 16 > 0 ? bound - 16 : 1;
        assertTrue(n == -1 || (n >= 0 && n <= max), "decompressed length " + n + " for a bound of " + max);
        for (int i = 0; i < 16; i++) {
            assertEquals(CANARY, out[i], "written before the output offset");
        }
        for (int i = 16 + max; i < out.length; i++) {
            assertEquals(CANARY, out[i], "written past the bound");
        }

        byte[] small = Arrays.copyOf(compressed, Math.min(compressed.length, 2000));
        byte[] packed = new byte[small.length + 64];
        int m = DEFLATE.compress(small, 0, small.length, packed, 0, packed.length);
        if (m >= 0) {
            byte[] back = new byte[small.length + 16];
            int k = DEFLATE.decompress(packed, 0, m, back, 0, back.length);
            assertEquals(small.length, k, "round trip length");
            assertArrayEquals(small, Arrays.copyOf(back, k), "round trip");
        }

        PacketBuffer pkt = Packets.buffer(ipcompPacket(nextHeader, compressed));
        Verdict v = IPCOMP.input(pkt, SA);
        assertNotNull(v);
        if (v == Verdict.OK) {
            assertTrue(pkt.length() <= 20 + LIMIT, "an accepted packet of " + pkt.length() + " bytes");
        }
    }

    /** An IPv4 IPComp packet of the family's SA carrying {@code data}. */
    static byte[] ipcompPacket(int nextHeader, byte[] data) {
        int len = Math.min(20 + 4 + data.length, 0xffff);
        byte[] p = new byte[len];
        p[0] = 0x45;
        Packets.put16(p, 2, len);
        p[8] = 64;
        p[9] = 108;
        System.arraycopy(Node.address(Family.IPCOMP.sender()).getAddress(), 0, p, 12, 4);
        System.arraycopy(Node.address(Family.RECEIVER4).getAddress(), 0, p, 16, 4);
        Packets.put16(p, 10, InternetChecksum.compute(p, 0, 20));
        p[20] = (byte) nextHeader;
        Packets.put16(p, 22, Family.IPCOMP.spi());
        System.arraycopy(data, 0, p, 24, len - 24);
        return p;
    }
}
