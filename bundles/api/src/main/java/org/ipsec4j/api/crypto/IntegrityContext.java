package org.ipsec4j.api.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A keyed MAC, truncated to the ICV size its descriptor names. One MAC is computed at a time: {@link #update} feeds
 * bytes, {@link #finish} or {@link #verify} ends the computation and readies the context for the next packet.
 */
public interface IntegrityContext extends AlgorithmContext {
    /** Feeds bytes into the MAC being computed. */
    void update(byte[] buf, int off, int len);

    /** Writes the ICV ({@code icvSize} bytes) to {@code out[outOff..)} and resets for the next packet. */
    void finish(byte[] out, int outOff);

    /** Forgets what was fed since the last {@link #finish}. */
    void reset();

    /**
     * The length in bytes of the untruncated MAC (16 for MD5, 20 for SHA-1 and RIPEMD-160, 16 for AES-XCBC and
     * AES-CMAC, the digest length for HMAC-SHA2), at least the descriptor's ICV size.
     */
    default int macSize() {
        return descriptor().icvSize();
    }

    /**
     * Writes the first {@code icvLength} bytes of the MAC ({@code 1 .. macSize()}) and resets: for SAs whose ICV is not
     * the descriptor's default, such as {@code ah-old}'s 128-bit ICVs of KAME ({@code keyed-md5}, {@code hmac-sha1}).
     *
     * @throws IllegalArgumentException when {@code icvLength} is out of range
     */
    default void finish(byte[] out, int outOff, int icvLength) {
        if (icvLength != descriptor().icvSize()) {
            throw new IllegalArgumentException(descriptor().name() + ": ICV of " + icvLength + " bytes not supported");
        }
        finish(out, outOff);
    }

    /**
     * Ends the MAC and compares its first {@code icvLength} bytes with {@code icv[icvOff..icvOff+icvLength)} in
     * constant time, then resets. Implementations override this without allocating.
     */
    default boolean verify(byte[] icv, int icvOff, int icvLength) {
        byte[] mine = new byte[icvLength];
        finish(mine, 0, icvLength);
        return MessageDigest.isEqual(mine, Arrays.copyOfRange(icv, icvOff, icvOff + icvLength));
    }

    /** {@link #verify(byte[], int, int)} for the descriptor's ICV size: what ESP and AH call per packet. */
    default boolean verify(byte[] icv, int icvOff) {
        return verify(icv, icvOff, descriptor().icvSize());
    }
}
