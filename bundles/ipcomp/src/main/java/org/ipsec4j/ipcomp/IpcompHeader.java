package org.ipsec4j.ipcomp;

/**
 * The IPComp header, RFC 3173 section 3: next header, flags (zero when sent, ignored when received), CPI. And the CPIs:
 * the SA's own (its SPI, 16 bits) or the well-known CPI of its algorithm (RFC 2407 section 4.4.5: OUI 1, DEFLATE 2,
 * LZS 3, LZJH 4).
 */
final class IpcompHeader {
    static final int LENGTH = 4;

    private IpcompHeader() {
    }

    static void write(byte[] buf, int off, int nextHeader, int cpi) {
        buf[off] = (byte) nextHeader;
        buf[off + 1] = 0;
        buf[off + 2] = (byte) (cpi >>> 8);
        buf[off + 3] = (byte) cpi;
    }

    static int nextHeader(byte[] buf, int off) {
        return buf[off] & 0xff;
    }

    static int cpi(byte[] buf, int off) {
        return ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff);
    }

    /** The well-known CPI of the compression algorithm {@code name}, or -1. */
    static int wellKnownCpi(String name) {
        return switch (name) {
            case "oui" -> 1;
            case "deflate" -> 2;
            case "lzs" -> 3;
            case "lzjh" -> 4;
            default -> -1;
        };
    }
}
