package org.ipsec4j.io.pcap.ethernet;

import org.ipsec4j.api.packet.InternetChecksum;

/**
 * IPv6 neighbour discovery over Ethernet (RFC 4861): neighbour solicitations and advertisements, their validation
 * (hop limit 255, code 0, ICMPv6 checksum, lengths, options) and the messages this port sends. Offsets are relative to
 * the IPv6 header.
 */
final class NdpMessages {
    private NdpMessages() {
    }

    static final int IPV6_HEADER = 40;
    static final int SOURCE = 8;
    static final int DESTINATION = 24;
    static final int ICMPV6 = 58;
    static final int ROUTER_SOLICITATION = 133;
    static final int REDIRECT = 137;
    static final int NEIGHBOUR_SOLICITATION = 135;
    static final int NEIGHBOUR_ADVERTISEMENT = 136;
    /** ICMPv6 type, code, checksum, reserved or flags, target: the fixed part of NS and NA. */
    static final int FIXED = 24;
    static final int TARGET = IPV6_HEADER + 8;
    static final int FLAGS = IPV6_HEADER + 4;
    static final int FLAG_ROUTER = 0x80;
    static final int FLAG_SOLICITED = 0x40;
    static final int FLAG_OVERRIDE = 0x20;
    static final int OPTION_SOURCE_LINK_ADDRESS = 1;
    static final int OPTION_TARGET_LINK_ADDRESS = 2;
    /** An NS or NA with one link-layer address option. */
    static final int MESSAGE_WITH_OPTION = FIXED + 8;
    /** ff02::1, all nodes. */
    static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};
    static final byte[] UNSPECIFIED = new byte[16];

    /**
     * Whether the IPv6 packet {@code b[ip..ip+len)} (len from its payload length) is an ICMPv6 message of a neighbour
     * discovery type (133..137) without extension headers, whatever its validity.
     */
    static boolean isNeighbourDiscovery(byte[] b, int ip, int len) {
        if (len < IPV6_HEADER + 4 || (b[ip + 6] & 0xff) != ICMPV6) return false;
        int type = b[ip + IPV6_HEADER] & 0xff;
        return type >= ROUTER_SOLICITATION && type <= REDIRECT;
    }

    /**
     * Whether the NS or NA {@code b[ip..ip+len)} passes RFC 4861's checks: hop limit 255, code 0, at least the fixed
     * part, a correct checksum, a unicast target, options of non-zero length that fit.
     */
    static boolean valid(byte[] b, int ip, int len) {
        if (len < IPV6_HEADER + FIXED) return false;
        if ((b[ip + 7] & 0xff) != 255 || b[ip + IPV6_HEADER + 1] != 0) return false;
        if ((b[ip + TARGET] & 0xff) == 0xff) return false;
        if (checksum(b, ip, len - IPV6_HEADER) != 0) return false;
        int o = ip + IPV6_HEADER + FIXED;
        int end = ip + len;
        while (o < end) {
            if (o + 2 > end) return false;
            int olen = (b[o + 1] & 0xff) * 8;
            if (olen == 0 || o + olen > end) return false;
            o += olen;
        }
        return true;
    }

    /**
     * The offset of the MAC in the first link-layer address option of type {@code type}, or -1. The message must be
     * {@link #valid}.
     */
    static int linkAddressOption(byte[] b, int ip, int len, int type) {
        int o = ip + IPV6_HEADER + FIXED;
        int end = ip + len;
        while (o + 2 <= end) {
            int olen = (b[o + 1] & 0xff) * 8;
            if (olen == 0) return -1;
            if ((b[o] & 0xff) == type && olen >= 8) return o + 2;
            o += olen;
        }
        return -1;
    }

    /** The ICMPv6 checksum over the pseudo-header and {@code icmpLen} bytes after the IPv6 header at {@code ip}. */
    static int checksum(byte[] b, int ip, int icmpLen) {
        long sum = InternetChecksum.add(0, b, ip + SOURCE, 32);
        sum += icmpLen + ICMPV6;
        sum = InternetChecksum.add(sum, b, ip + IPV6_HEADER, icmpLen);
        return InternetChecksum.finish(sum);
    }

    /** The solicited-node multicast address ff02::1:ffXX:XXXX of {@code a[off..off+16)}, into {@code out[0..16)}. */
    static void solicitedNode(byte[] a, int off, byte[] out) {
        java.util.Arrays.fill(out, (byte) 0);
        out[0] = (byte) 0xff;
        out[1] = 2;
        out[11] = 1;
        out[12] = (byte) 0xff;
        out[13] = a[off + 13];
        out[14] = a[off + 14];
        out[15] = a[off + 15];
    }

    /** The Ethernet multicast MAC 33:33:xx:xx:xx:xx of the IPv6 multicast address {@code a[off..off+16)}. */
    static void multicastMac(byte[] a, int off, byte[] out) {
        out[0] = 0x33;
        out[1] = 0x33;
        System.arraycopy(a, off + 12, out, 2, 4);
    }

    /**
     * Writes a whole NS or NA frame at {@code frame[0..]} with one link-layer address option carrying our MAC, and
     * returns its length.
     *
     * @param type   {@link #NEIGHBOUR_SOLICITATION} (source link-layer option) or {@link #NEIGHBOUR_ADVERTISEMENT}
     *               (target link-layer option)
     * @param flags  the NA flags byte (0 for NS)
     */
    static int write(byte[] frame, int type, int flags, byte[] ourMac, byte[] dstMac, int dstMacOff, byte[] src,
            int srcOff, byte[] dst, int dstOff, byte[] target, int targetOff) {
        EthernetFrames.writeHeader(frame, 0, dstMac, dstMacOff, ourMac, EthernetFrames.ETHERTYPE_IPV6);
        int ip = EthernetFrames.HEADER;
        frame[ip] = 0x60;
        frame[ip + 1] = 0;
        frame[ip + 2] = 0;
        frame[ip + 3] = 0;
        EthernetFrames.put16(frame, ip + 4, MESSAGE_WITH_OPTION);
        frame[ip + 6] = (byte) ICMPV6;
        frame[ip + 7] = (byte) 255;
        System.arraycopy(src, srcOff, frame, ip + SOURCE, 16);
        System.arraycopy(dst, dstOff, frame, ip + DESTINATION, 16);
        int icmp = ip + IPV6_HEADER;
        frame[icmp] = (byte) type;
        frame[icmp + 1] = 0;
        frame[icmp + 2] = 0;
        frame[icmp + 3] = 0;
        frame[icmp + 4] = (byte) flags;
        frame[icmp + 5] = 0;
        frame[icmp + 6] = 0;
        frame[icmp + 7] = 0;
        System.arraycopy(target, targetOff, frame, icmp + 8, 16);
        frame[icmp + FIXED] = (byte) (type == NEIGHBOUR_SOLICITATION ? OPTION_SOURCE_LINK_ADDRESS
                : OPTION_TARGET_LINK_ADDRESS);
        frame[icmp + FIXED + 1] = 1;
        System.arraycopy(ourMac, 0, frame, icmp + FIXED + 2, 6);
        EthernetFrames.put16(frame, icmp + 2, checksum(frame, ip, MESSAGE_WITH_OPTION));
        return ip + IPV6_HEADER + MESSAGE_WITH_OPTION;
    }
}
