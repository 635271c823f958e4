package org.ipsec4j.algorithms.support;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Constant-time comparison of a computed ICV with the one a packet carries, through {@link MessageDigest#isEqual} on
 * two scratch arrays of the ICV's length (allocated again only when that length changes, e.g. for ah-old).
 */
public final class IcvCompare {
    private byte[] computed;
    private byte[] received;

    public IcvCompare(int icvLength) {
        computed = new byte[icvLength];
        received = new byte[icvLength];
    }

    /** Whether {@code mac[0..len)} equals {@code icv[icvOff..icvOff+len)}, in time independent of the bytes. */
    public boolean equal(byte[] mac, byte[] icv, int icvOff, int len) {
        if (computed.length != len) {
            computed = new byte[len];
            received = new byte[len];
        }
        System.arraycopy(mac, 0, computed, 0, len);
        System.arraycopy(icv, icvOff, received, 0, len);
        boolean equal = MessageDigest.isEqual(computed, received);
        Arrays.fill(computed, (byte) 0);
        return equal;
    }
}
