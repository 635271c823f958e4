package org.ipsec4j.api.packet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words. */
public final class InternetChecksum {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private InternetChecksum() {
    }

    /**
     * Adds {@code buf[off..off+len)} as big-endian 16-bit words (an odd last byte padded with zero) to {@code sum},
     * without folding. Chain calls to sum discontiguous ranges that each start at an even position of the whole.
     */
    public static long add(long sum, byte[] buf, int off, int len) {
        int end = off + len;
        int i = off;
        for (; i + 7 < end; i += 8) { // four words at a time: a 20-byte IPv4 header in three steps
            long v = (long) LONG_BE.get(buf, i);
            sum += (v >>> 48) + ((v >>> 32) & 0xffff) + ((v >>> 16) & 0xffff) + (v & 0xffff);
        }
        for (; i + 1 < end; i += 2) {
            sum += ((buf[i] & 0xff) << 8) | (buf[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (buf[i] & 0xff) << 8;
        }
        return sum;
    }

    /** Folds a sum from {@link #add} to 16 bits and complements it: the value to put in a checksum field. */
    public static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /**
     * The checksum {@code checksum} after one 16-bit word of the data it covers changed from {@code from} to
     * {@code to}, without summing the data again (RFC 1624, equation 3: right for a checksum of 0xffff too).
     */
    public static int adjust(int checksum, int from, int to) {
        long sum = (~checksum & 0xffff) + (~from & 0xffff) + (to & 0xffff);
        return finish(sum);
    }

    /** The checksum of {@code buf[off..off+len)}; 0 when the range already contains a correct checksum field. */
    public static int compute(byte[] buf, int off, int len) {
        return finish(add(0, buf, off, len));
    }
}
