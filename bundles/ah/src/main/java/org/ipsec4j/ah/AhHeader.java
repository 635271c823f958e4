package org.ipsec4j.ah;

/**
 * The AH header in a byte array: RFC 4302 section 2 (next header, payload length, reserved, SPI, sequence number, ICV)
 * and the RFC 1826 form of {@code ah-old} (next header, length, reserved, SPI, authentication data). Static field
 * access; the lengths are checked by the callers.
 *
 * <pre>
 * RFC 4302:  | next | payload len = words - 2 | reserved (0) | SPI | sequence | [IV] | ICV | padding |
 * RFC 1826:  | next | length = ICV words      | reserved (0) | SPI | ICV | padding |
 * </pre>
 * AES-GMAC (RFC 4543 section 5) carries its 8-byte IV between the sequence number and the ICV.
 */
final class AhHeader {
    /** The fixed part of RFC 4302 AH: next header, payload length, reserved, SPI, sequence number. */
    static final int FIXED = 12;
    /** The fixed part of RFC 1826 AH: next header, length, reserved, SPI. */
    static final int OLD_FIXED = 8;

    static final int NEXT_HEADER = 0;
    static final int LENGTH = 1;
    static final int SPI = 4;
    static final int SEQUENCE = 8;

    private AhHeader() {
    }

    /** {@code n} rounded up to a multiple of {@code to} (a power of two). */
    static int align(int n, int to) {
        return (n + to - 1) & -to;
    }

    /** The whole header's length in bytes as its length field gives it. */
    static int length(byte[] buf, int ahOff, boolean old) {
        int field = buf[ahOff + LENGTH] & 0xff;
        return old ? OLD_FIXED + 4 * field : 4 * (field + 2);
    }

    static int spi(byte[] buf, int ahOff) {
        return i32(buf, ahOff + SPI);
    }

    static int sequence(byte[] buf, int ahOff) {
        return i32(buf, ahOff + SEQUENCE);
    }

    /**
     * Writes a header of {@code ahLen} bytes at {@code ahOff}: the fixed part, the IV (the 64-bit sequence number, when
     * {@code ivSize} is 8), and zeros for the ICV and padding.
     */
    static void write(byte[] buf, int ahOff, int ahLen, boolean old, int ivSize, int nextHeader, int spi, long seq) {
        buf[ahOff + NEXT_HEADER] = (byte) nextHeader;
        buf[ahOff + LENGTH] = (byte) (old ? (ahLen - OLD_FIXED) / 4 : ahLen / 4 - 2);
        buf[ahOff + 2] = 0;
        buf[ahOff + 3] = 0;
        put32(buf, ahOff + SPI, spi);
        int at = ahOff + OLD_FIXED;
        if (!old) {
            put32(buf, at, (int) seq);
            at += 4;
        }
        if (ivSize == 8) {
            put32(buf, at, (int) (seq >>> 32));
            put32(buf, at + 4, (int) seq);
            at += 8;
        }
        for (int i = at; i < ahOff + ahLen; i++) {
            buf[i] = 0;
        }
    }

    static int i32(byte[] b, int i) {
        return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    static void put32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }
}
