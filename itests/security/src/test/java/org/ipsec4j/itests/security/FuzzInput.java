package org.ipsec4j.itests.security;

import java.util.Arrays;

/**
 * A fuzz input read front to back: small numbers, then bytes. Reading past the end gives zeros and empty arrays, so
 * every input means something; the format stays simple enough to write seeds by hand.
 */
final class FuzzInput {
    private final byte[] data;
    private int pos;

    FuzzInput(byte[] data) {
        this.data = data;
    }

    boolean more() {
        return pos < data.length;
    }

    int u8() {
        return pos < data.length ? data[pos++] & 0xff : 0;
    }

    int u16() {
        return (u8() << 8) | u8();
    }

    int u32() {
        return (u16() << 16) | u16();
    }

    /** Up to {@code n} bytes. */
    byte[] bytes(int n) {
        int k = Math.max(0, Math.min(n, data.length - pos));
        byte[] b = Arrays.copyOfRange(data, pos, pos + k);
        pos += k;
        return b;
    }

    byte[] rest() {
        return bytes(data.length - pos);
    }
}
