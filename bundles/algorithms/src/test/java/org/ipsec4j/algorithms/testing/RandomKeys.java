package org.ipsec4j.algorithms.testing;

import java.util.SplittableRandom;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.KeySizes;
import org.ipsec4j.api.crypto.StandardAlgorithms;

/** Random keys and data for tests, from a seeded generator so that a failure can be repeated. */
public final class RandomKeys {
    private final SplittableRandom random;

    public RandomKeys(long seed) {
        random = new SplittableRandom(seed);
    }

    /** A key of {@code bits} for {@code d} that passes {@link StandardAlgorithms#checkKey} (no weak DES key). */
    public byte[] key(AlgorithmDescriptor d, int bits) {
        while (true) {
            byte[] key = bytes(bits / 8);
            try {
                StandardAlgorithms.checkKey(d, key);
                return key;
            } catch (IllegalArgumentException weak) {
                // draw again
            }
        }
    }

    /** Every key length {@code d} accepts, at most {@code max} of them (the smallest, the largest, some between). */
    public static int[] lengths(AlgorithmDescriptor d, int max) {
        KeySizes k = d.keySizes();
        int count = (k.maxBits() - k.minBits()) / k.stepBits() + 1;
        int n = Math.min(count, max);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int step = n == 1 ? 0 : (int) ((long) (count - 1) * i / (n - 1));
            out[i] = k.minBits() + step * k.stepBits();
        }
        return out;
    }

    public byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
