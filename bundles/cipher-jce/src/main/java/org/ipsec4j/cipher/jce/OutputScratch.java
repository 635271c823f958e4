package org.ipsec4j.cipher.jce;

import java.util.Arrays;

/**
 * Where a context's JCE calls write their output before it is copied back into the packet. SunJCE copies its input to
 * a new array when asked to work exactly in place (input and output at the same offset of the same array); writing to
 * this array instead allocates nothing once it has grown to the largest packet seen.
 */
final class OutputScratch {
    private byte[] array = new byte[2048];

    /** An array of at least {@code n} bytes. */
    byte[] atLeast(int n) {
        if (array.length < n) {
            Arrays.fill(array, (byte) 0);
            array = new byte[Integer.highestOneBit(n - 1) << 1];
        }
        return array;
    }

    void wipe() {
        Arrays.fill(array, (byte) 0);
    }
}
