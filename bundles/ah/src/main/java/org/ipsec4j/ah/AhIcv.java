package org.ipsec4j.ah;

/**
 * The ICV computation of RFC 4302 section 3.3.3: the MAC over the prepared headers in front of AH (the
 * {@link IcvPrefix} in the thread's scratch), then AH itself with its ICV field zeroed (IV and padding included as they
 * are), then everything behind AH, then with ESN the sequence number's high half (appendix B). With AES-GMAC (RFC 4543
 * section 5) the same bytes are GMAC's additional data: the provider takes them as {@code aad}, IV, {@code buf}, so
 * {@code aad} is the prefix with AH's fixed part, the IV comes from the header, and {@code buf} is a copy of the rest
 * (ICV field zeroed, payload, ESN high half) in scratch, with the tag written or read right behind it.
 */
final class AhIcv {
    private AhIcv() {
    }

    /** Computes the ICV of the packet {@code buf[..end)} whose AH starts at {@code ahOff} and writes it there. */
    static void sign(AhBinding b, AhThreadState t, byte[] buf, int ahOff, int end, int prefixLen, long seq,
            boolean esn) {
        int icvOff = ahOff + b.fixed + b.ivSize;
        if (b.gmac != null) {
            int tailLen = gmacTail(b, t, buf, ahOff, icvOff, end, prefixLen, seq, esn);
            byte[] tail = t.tail(0);
            b.gmac.seal(buf, ahOff + b.fixed, t.prefix(0), 0, prefixLen + b.fixed, tail, 0, tailLen);
            System.arraycopy(tail, tailLen, buf, icvOff, b.icvSize);
            return;
        }
        feedMac(b, t, buf, ahOff, end, prefixLen, seq, esn);
        b.mac.finish(buf, icvOff, b.icvSize);
    }

    /**
     * Verifies the ICV of the packet {@code buf[..end)} whose AH starts at {@code ahOff}, in constant time. Zeroes the
     * packet's ICV field.
     */
    static boolean verify(AhBinding b, AhThreadState t, byte[] buf, int ahOff, int end, int prefixLen, long seq,
            boolean esn) {
        int icvOff = ahOff + b.fixed + b.ivSize;
        System.arraycopy(buf, icvOff, t.icv, 0, b.icvSize);
        for (int i = 0; i < b.icvSize; i++) {
            buf[icvOff + i] = 0;
        }
        if (b.gmac != null) {
            int tailLen = gmacTail(b, t, buf, ahOff, icvOff, end, prefixLen, seq, esn);
            byte[] tail = t.tail(0);
            System.arraycopy(t.icv, 0, tail, tailLen, b.icvSize);
            return b.gmac.open(buf, ahOff + b.fixed, t.prefix(0), 0, prefixLen + b.fixed, tail, 0, tailLen);
        }
        feedMac(b, t, buf, ahOff, end, prefixLen, seq, esn);
        return b.mac.verify(t.icv, 0, b.icvSize);
    }

    private static void feedMac(AhBinding b, AhThreadState t, byte[] buf, int ahOff, int end, int prefixLen, long seq,
            boolean esn) {
        b.mac.update(t.prefix(0), 0, prefixLen);
        b.mac.update(buf, ahOff, end - ahOff);
        if (esn) {
            AhHeader.put32(t.esnHigh, 0, (int) (seq >>> 32));
            b.mac.update(t.esnHigh, 0, 4);
        }
    }

    /**
     * Appends AH's fixed part to the prefix and copies the packet from the ICV field on (that field zero) to the tail
     * scratch, followed by the ESN high half; leaves room for the tag. Returns the tail's length without the tag.
     */
    private static int gmacTail(AhBinding b, AhThreadState t, byte[] buf, int ahOff, int icvOff, int end,
            int prefixLen, long seq, boolean esn) {
        System.arraycopy(buf, ahOff, t.prefix(prefixLen + b.fixed), prefixLen, b.fixed);
        int rest = end - icvOff;
        int tailLen = rest + (esn ? 4 : 0);
        byte[] tail = t.tail(tailLen + b.icvSize);
        System.arraycopy(buf, icvOff, tail, 0, rest);
        if (esn) {
            AhHeader.put32(tail, rest, (int) (seq >>> 32));
        }
        return tailLen;
    }
}
