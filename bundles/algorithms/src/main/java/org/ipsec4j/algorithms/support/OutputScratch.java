package org.ipsec4j.algorithms.support;

import java.util.Arrays;

/**
 * Where a context's cipher writes its output before it is copied back into the packet, for ciphers that copy their
 * input to a new array when asked to work in place (SunJCE's CBC and CTR, every Bouncy Castle AEAD): writing to this
 * array instead allocates nothing once it has grown to the largest packet seen. One per context (not thread-safe).
 */
public final class OutputScratch {
    private byte[] array = new byte[2048];

    /** An array of at least {@code n} bytes. */
    public byte[] atLeast(int n) {
        if (array.length < n) {
            Arrays.fill(array, (byte) 0);
            array = new byte[Integer.highestOneBit(n - 1) << 1];
        }
        return array;
    }

    /** Zeroes the array: it held plaintext. */
    public void wipe() {
        Arrays.fill(array, (byte) 0);
    }
}
