package org.ipsec4j.api.packet;

import org.ipsec4j.api.transform.Verdict;

/**
 * A flyweight view of an ESP packet (RFC 4303 section 2): the 8-byte header (SPI, sequence number) followed by the
 * payload (IV, ciphertext, ICV), whose trailer (padding, pad length, next header) is only readable after decryption.
 * {@link #wrap(byte[], int, int)} checks the header is there; the trailer accessors take the end of the decrypted
 * trailer, which the ESP transform knows. Allocates nothing.
 */
public final class EspHeader {
    /** Length of SPI and sequence number. */
    public static final int LENGTH = 8;
    /** Length of the pad length and next header fields at the end of the trailer. */
    public static final int TRAILER_LENGTH = 2;

    // Field offsets, RFC 4303 section 2.
    private static final int SPI = 0;
    private static final int SEQUENCE = 4;

    private byte[] buf;
    private int off;

    /** Points this view at {@code buf[off..off+len)}; {@link Verdict#TRUNCATED} when fewer than 8 bytes are there. */
    public Verdict wrap(byte[] buf, int off, int len) {
        if (len < LENGTH) {
            return Verdict.TRUNCATED;
        }
        this.buf = buf;
        this.off = off;
        return Verdict.OK;
    }

    /** Points this view at {@code buf[off..)} without checks, at a header being written. */
    public EspHeader bind(byte[] buf, int off) {
        this.buf = buf;
        this.off = off;
        return this;
    }

    public byte[] buffer() { return buf; }
    public int offset() { return off; }

    public int spi() { return Bytes.i32(buf, off + SPI); }
    /** The low 32 bits of the sequence number, as on the wire. */
    public int sequence() { return Bytes.i32(buf, off + SEQUENCE); }
    /** Where the payload (IV first) starts in {@link #buffer()}. */
    public int payloadOffset() { return off + LENGTH; }

    public EspHeader setSpi(int spi) { Bytes.put32(buf, off + SPI, spi); return this; }
    public EspHeader setSequence(int seq) { Bytes.put32(buf, off + SEQUENCE, seq); return this; }

    /** The pad length field of a decrypted trailer ending at {@code trailerEnd}. */
    public static int padLength(byte[] buf, int trailerEnd) {
        return buf[trailerEnd - 2] & 0xff;
    }

    /** The next header field of a decrypted trailer ending at {@code trailerEnd}. */
    public static int nextHeader(byte[] buf, int trailerEnd) {
        return buf[trailerEnd - 1] & 0xff;
    }

    /** Writes pad length and next header as the last two bytes before {@code trailerEnd}. */
    public static void putTrailer(byte[] buf, int trailerEnd, int padLength, int nextHeader) {
        buf[trailerEnd - 2] = (byte) padLength;
        buf[trailerEnd - 1] = (byte) nextHeader;
    }

    /**
     * The number of padding bytes for {@code payloadLength} bytes of payload so that payload, padding, pad length and
     * next header fill a multiple of {@code alignment} (the cipher's block size, at least 4: RFC 4303 section 2.4).
     */
    public static int padFor(int payloadLength, int alignment) {
        int r = (payloadLength + TRAILER_LENGTH) % alignment;
        return r == 0 ? 0 : alignment - r;
    }

    /** Whether the padding ending at {@code trailerEnd} is RFC 4303's default 1, 2, 3, ... (section 2.4). */
    public static boolean hasSequentialPadding(byte[] buf, int trailerEnd) {
        int pad = padLength(buf, trailerEnd);
        int start = trailerEnd - TRAILER_LENGTH - pad;
        int diff = 0;
        for (int i = 0; i < pad; i++) {
            diff |= (buf[start + i] & 0xff) ^ (i + 1);
        }
        return diff == 0;
    }
}
