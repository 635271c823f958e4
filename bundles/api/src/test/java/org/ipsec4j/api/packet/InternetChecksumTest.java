package org.ipsec4j.api.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InternetChecksumTest {
    /** RFC 1071 section 3's example: the words 0001 f203 f4f5 f6f7 sum to ddf2 (folded), checksum 220d. */
    @Test
    void rfc1071Example() {
        byte[] words = HexFormat.of().parseHex("0001f203f4f5f6f7");
        assertEquals(0x220d, InternetChecksum.compute(words, 0, words.length));
    }

    /** A captured IPv4 header (checksum b861) verifies to 0 and recomputes to its own checksum. */
    @Test
    void ipv4HeaderChecksum() {
        byte[] header = HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7");
        assertEquals(0xb861, InternetChecksum.compute(header, 0, 20));
        header[10] = (byte) 0xb8;
        header[11] = 0x61;
        assertEquals(0, InternetChecksum.compute(header, 0, 20));
    }

    /** The word-at-a-time sum agrees with the plain 16-bit sum for every length, offset and odd tail. */
    @Test
    void agreesWithTheWordByWordSum() {
        Random random = new Random(1071);
        byte[] buf = new byte[1600];
        for (int round = 0; round < 2000; round++) {
            random.nextBytes(buf);
            int off = random.nextInt(64);
            int len = round < 100 ? round : random.nextInt(buf.length - off);
            long start = random.nextInt(0x10000);
            assertEquals(wordByWord(start, buf, off, len), InternetChecksum.add(start, buf, off, len),
                    "offset " + off + ", length " + len);
        }
    }

    private static long wordByWord(long sum, byte[] buf, int off, int len) {
        for (int i = 0; i < len; i += 2) {
            int hi = buf[off + i] & 0xff;
            int lo = i + 1 < len ? buf[off + i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        return sum;
    }
}
