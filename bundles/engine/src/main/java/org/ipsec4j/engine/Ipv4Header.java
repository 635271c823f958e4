package org.ipsec4j.engine;

/** Field writers of IPv4 and IPv6 headers in a byte array, used where the engine changes an outer header. */
final class Ipv4Header {
    private Ipv4Header() {
    }

    /** The Internet checksum of {@code buf[off..off+len)}: 0 when a header that includes its checksum verifies. */
    static int checksum(byte[] buf, int off, int len) {
        long sum = 0;
        int i = off;
        int stop = off + (len & ~1);
        for (; i < stop; i += 2) {
            sum += ((buf[i] & 0xff) << 8) | (buf[i + 1] & 0xff);
        }
        if ((len & 1) != 0) sum += (buf[i] & 0xff) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) (~sum & 0xffff);
    }

    /** Recomputes the header checksum of the IPv4 header at {@code off}. */
    static void updateChecksum(byte[] buf, int off) {
        int ihl = (buf[off] & 0x0f) * 4;
        buf[off + 10] = 0;
        buf[off + 11] = 0;
        int c = checksum(buf, off, ihl);
        buf[off + 10] = (byte) (c >>> 8);
        buf[off + 11] = (byte) c;
    }

    /** Sets the traffic class of the IPv4 (TOS, checksum fixed) or IPv6 header at {@code off}. */
    static void setTrafficClass(byte[] buf, int off, int tc) {
        if (((buf[off] & 0xff) >>> 4) == 4) {
            buf[off + 1] = (byte) tc;
            updateChecksum(buf, off);
        } else {
            buf[off] = (byte) (0x60 | ((tc >>> 4) & 0x0f));
            buf[off + 1] = (byte) (((tc & 0x0f) << 4) | (buf[off + 1] & 0x0f));
        }
    }

    /** Sets or clears DF in the IPv4 header at {@code off} (checksum fixed); no-op for IPv6. */
    static void setDontFragment(byte[] buf, int off, boolean df) {
        if (((buf[off] & 0xff) >>> 4) != 4) return;
        int b = buf[off + 6] & 0xff;
        buf[off + 6] = (byte) (df ? b | 0x40 : b & ~0x40);
        updateChecksum(buf, off);
    }

    /** The IPv4 TOS or IPv6 traffic class of the header at {@code off}. */
    static int trafficClass(byte[] buf, int off) {
        if (((buf[off] & 0xff) >>> 4) == 4) return buf[off + 1] & 0xff;
        return ((buf[off] & 0x0f) << 4) | ((buf[off + 1] & 0xff) >>> 4);
    }
}
