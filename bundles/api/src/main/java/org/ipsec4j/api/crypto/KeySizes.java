package org.ipsec4j.api.crypto;

/**
 * The key lengths an algorithm accepts, in bits: {@code minBits}, {@code minBits + stepBits}, ... {@code maxBits}.
 * For AEAD and counter-mode algorithms the key includes the trailing salt or nonce, as setkey(8) takes it.
 */
public record KeySizes(int minBits, int maxBits, int stepBits) {
    /** No key at all (null encryption or integrity). */
    public static final KeySizes NONE = new KeySizes(0, 0, 1);

    public KeySizes {
        if (minBits < 0 || maxBits < minBits || stepBits < 1) {
            throw new IllegalArgumentException("bad key sizes " + minBits + ".." + maxBits + " step " + stepBits);
        }
    }

    public static KeySizes exactly(int bits) {
        return new KeySizes(bits, bits, 1);
    }

    public boolean accepts(int bits) {
        return bits >= minBits && bits <= maxBits && (bits - minBits) % stepBits == 0;
    }

    /** The accepted lengths in words, e.g. {@code 128, 192 or 256 bits} or {@code 40 to 448 bits in steps of 8}. */
    public String describe() {
        if (minBits == maxBits) {
            return minBits + " bits";
        }
        int count = (maxBits - minBits) / stepBits + 1;
        if (count <= 4) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < count; i++) {
                int b = minBits + i * stepBits;
                if (i > 0) sb.append(i == count - 1 ? " or " : ", ");
                sb.append(b);
            }
            return sb.append(" bits").toString();
        }
        return minBits + " to " + maxBits + " bits" + (stepBits == 1 ? "" : " in steps of " + stepBits);
    }
}
