package org.ipsec4j.esp;

/** The sequence-number bytes ESP authenticates beyond its header when extended sequence numbers are on. */
final class EspAad {
    /** SPI, high half, low half (RFC 4106 section 5, RFC 7634 section 2.1). */
    static final int ESN_LENGTH = 12;

    private EspAad() {
    }

    /** Writes the 12-byte ESN AAD: SPI, sequence high 32 bits, sequence low 32 bits. */
    static void put(byte[] aad, int spi, long seq) {
        put32(aad, 0, spi);
        put32(aad, 4, (int) (seq >>> 32));
        put32(aad, 8, (int) seq);
    }

    /** Writes the high 32 bits of the sequence number, as appended to the ICV input (RFC 4303 section 2.2.1). */
    static void putHigh(byte[] out, long seq) {
        put32(out, 0, (int) (seq >>> 32));
    }

    private static void put32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
