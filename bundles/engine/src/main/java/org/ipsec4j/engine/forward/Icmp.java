package org.ipsec4j.engine.forward;

import org.ipsec4j.api.packet.InternetChecksum;
import org.ipsec4j.api.packet.IpProtocol;

/**
 * ICMP (RFC 792, RFC 1812 section 4.3) and ICMPv6 (RFC 4443) messages the gateway sends: errors quoting the packet
 * that caused them, and echo replies built in place from the request. Static, allocation-free helpers over byte
 * arrays.
 */
final class Icmp {
    static final int ECHO_REPLY = 0;
    static final int UNREACH = 3;
    static final int UNREACH_NET = 0;
    static final int UNREACH_HOST = 1;
    static final int UNREACH_NEEDFRAG = 4;
    static final int ECHO = 8;
    static final int TIME_EXCEEDED = 11;
    static final int TIME_EXCEEDED_TTL = 0;

    static final int V6_UNREACH = 1;
    static final int V6_UNREACH_NOROUTE = 0;
    static final int V6_PACKET_TOO_BIG = 2;
    static final int V6_TIME_EXCEEDED = 3;
    static final int V6_ECHO = 128;
    static final int V6_ECHO_REPLY = 129;

    /** The most an ICMP error may be: the IPv6 minimum MTU (RFC 4443 section 2.4 (c)); 576 for IPv4. */
    static final int MAX_ERROR_V6 = 1280;
    static final int MAX_ERROR_V4 = 576;

    private Icmp() {
    }

    /**
     * Whether an ICMP error may be sent about a packet (RFC 1812 section 4.3.2.7, RFC 4443 section 2.4 (e)): not
     * about an ICMP error, a later fragment, a packet to a multicast or broadcast address, or from an unspecified,
     * loopback or multicast address. Judged from the start of the packet ({@code b[off..off+len)}, at least its fixed header),
     * as kept before IPsec changed it. IPv6 extension headers other than a fragment header directly after the fixed
     * header are not walked: such a packet counts as not ICMPv6.
     */
    static boolean mayReportOn(byte[] b, int off, int len) {
        if (len < 20) return false;
        int version = (b[off] & 0xff) >>> 4;
        if (version == 4) {
            int hlen = (b[off] & 0x0f) * 4;
            int s0 = b[off + 12] & 0xff;
            int d0 = b[off + 16] & 0xff;
            if ((u16(b, off + 6) & 0x1fff) != 0) return false;
            if (s0 == 0 || s0 == 127 || s0 >= 224 || d0 >= 224) return false;
            if ((b[off + 9] & 0xff) == IpProtocol.ICMP) {
                if (hlen + 1 > len) return false;
                int type = b[off + hlen] & 0xff;
                return type == ECHO || type == ECHO_REPLY || (type >= 13 && type <= 18);
            }
            return true;
        }
        if (version != 6 || len < 40) return false;
        if ((b[off + 24] & 0xff) == 0xff || (b[off + 8] & 0xff) == 0xff || isUnspecifiedOrLoopback6(b, off + 8)) {
            return false;
        }
        int next = b[off + 6] & 0xff;
        int upper = off + 40;
        if (next == IpProtocol.FRAGMENT) {
            if (len < 48) return false;
            if ((u16(b, off + 42) & 0xfff8) != 0) return false;
            next = b[off + 40] & 0xff;
            upper = off + 48;
        }
        if (next == IpProtocol.ICMPV6) return upper < off + len && (b[upper] & 0xff) >= 128;
        return true;
    }

    private static boolean isUnspecifiedOrLoopback6(byte[] b, int off) {
        for (int i = 0; i < 15; i++) {
            if (b[off + i] != 0) return false;
        }
        return b[off + 15] == 0 || b[off + 15] == 1;
    }

    /**
     * Writes an IPv4 ICMP error into {@code out[off..)}: from {@code src[0..4)} to the source of the quoted packet,
     * quoting its header and the first 8 bytes after it ({@code quote[qOff..qOff+qLen)}, as much of that as there is).
     * Returns the message's length.
     *
     * @param rest the second word of the ICMP header (the next-hop MTU for "fragmentation needed", else 0)
     */
    static int error4(byte[] out, int off, int type, int code, int rest, byte[] src, byte[] quote, int qOff, int qLen,
            int ttl, int id) {
        int hlen = (quote[qOff] & 0x0f) * 4;
        int n = Math.min(qLen, Math.min(hlen + 8, MAX_ERROR_V4 - 28));
        int total = 20 + 8 + n;
        ipv4Header(out, off, total, id, ttl, IpProtocol.ICMP, src, 0, quote, qOff + 12);
        int icmp = off + 20;
        out[icmp] = (byte) type;
        out[icmp + 1] = (byte) code;
        out[icmp + 2] = 0;
        out[icmp + 3] = 0;
        put32(out, icmp + 4, rest);
        System.arraycopy(quote, qOff, out, icmp + 8, n);
        int c = InternetChecksum.compute(out, icmp, 8 + n);
        put16(out, icmp + 2, c);
        return total;
    }

    /**
     * Writes an ICMPv6 error into {@code out[off..)}: from {@code src[0..16)} to the source of the quoted packet,
     * quoting as much of it as fits in 1280 bytes. Returns the message's length.
     *
     * @param rest the second word (the MTU for "packet too big", else 0)
     */
    static int error6(byte[] out, int off, int type, int code, int rest, byte[] src, byte[] quote, int qOff, int qLen,
            int hopLimit) {
        int n = Math.min(qLen, MAX_ERROR_V6 - 48);
        int payload = 8 + n;
        ipv6Header(out, off, payload, IpProtocol.ICMPV6, hopLimit, src, 0, quote, qOff + 8);
        int icmp = off + 40;
        out[icmp] = (byte) type;
        out[icmp + 1] = (byte) code;
        out[icmp + 2] = 0;
        out[icmp + 3] = 0;
        put32(out, icmp + 4, rest);
        System.arraycopy(quote, qOff, out, icmp + 8, n);
        put16(out, icmp + 2, checksum6(out, off, icmp, payload));
        return 40 + payload;
    }

    /** An IPv4 header without options, DF clear, checksum filled. */
    static void ipv4Header(byte[] b, int off, int total, int id, int ttl, int protocol, byte[] src, int srcOff,
            byte[] dst, int dstOff) {
        b[off] = 0x45;
        b[off + 1] = 0;
        put16(b, off + 2, total);
        put16(b, off + 4, id);
        b[off + 6] = 0;
        b[off + 7] = 0;
        b[off + 8] = (byte) ttl;
        b[off + 9] = (byte) protocol;
        b[off + 10] = 0;
        b[off + 11] = 0;
        System.arraycopy(src, srcOff, b, off + 12, 4);
        System.arraycopy(dst, dstOff, b, off + 16, 4);
        put16(b, off + 10, InternetChecksum.compute(b, off, 20));
    }

    /** An IPv6 header: traffic class and flow label zero. */
    static void ipv6Header(byte[] b, int off, int payload, int nextHeader, int hopLimit, byte[] src, int srcOff,
            byte[] dst, int dstOff) {
        b[off] = 0x60;
        b[off + 1] = 0;
        b[off + 2] = 0;
        b[off + 3] = 0;
        put16(b, off + 4, payload);
        b[off + 6] = (byte) nextHeader;
        b[off + 7] = (byte) hopLimit;
        System.arraycopy(src, srcOff, b, off + 8, 16);
        System.arraycopy(dst, dstOff, b, off + 24, 16);
    }

    /** The ICMPv6 checksum of the message at {@code icmp} (length {@code len}) in the IPv6 packet at {@code ip}. */
    static int checksum6(byte[] b, int ip, int icmp, int len) {
        long sum = InternetChecksum.add(0, b, ip + 8, 32);
        sum += len;
        sum += IpProtocol.ICMPV6;
        return InternetChecksum.finish(InternetChecksum.add(sum, b, icmp, len));
    }

    /** Whether the ICMP (IPv4) or ICMPv6 message of {@code ip} has a correct checksum. */
    static boolean checksumValid(IpView ip) {
        int len = ip.end - ip.upperOffset;
        if (len < 8) return false;
        if (ip.version == 4) return InternetChecksum.compute(ip.buf, ip.upperOffset, len) == 0;
        long sum = InternetChecksum.add(0, ip.buf, ip.start + 8, 32);
        sum += len;
        sum += IpProtocol.ICMPV6;
        return InternetChecksum.finish(InternetChecksum.add(sum, ip.buf, ip.upperOffset, len)) == 0;
    }

    /**
     * Turns the echo request {@code ip} into its reply, in place: addresses swapped, options and extension headers
     * dropped (the message moves up behind a bare header), type changed, TTL or hop limit set, checksums computed.
     * Returns the reply's new start in the buffer (its end is the request's end).
     */
    static int echoReplyInPlace(IpView ip, int ttl, int id) {
        byte[] b = ip.buf;
        int msgLen = ip.end - ip.upperOffset;
        int headerLen = ip.version == 4 ? 20 : 40;
        int start = ip.upperOffset - headerLen;
        int srcOff = ip.sourceOffset();
        int dstOff = ip.destinationOffset();
        int alen = ip.addressLength();
        // swap the addresses through the header room in front of the new start, which stays unused
        for (int i = 0; i < alen; i++) {
            byte t = b[srcOff + i];
            b[srcOff + i] = b[dstOff + i];
            b[dstOff + i] = t;
        }
        if (start != ip.start) {
            // the addresses move with the fixed header; copy them before it is rebuilt over older bytes
            System.arraycopy(b, ip.start, b, start, headerLen); // overlapping copy: System.arraycopy is memmove
        }
        if (ip.version == 4) {
            int tos = b[start + 1] & 0xff;
            ipv4Header(b, start, 20 + msgLen, id, ttl, IpProtocol.ICMP, b, start + 12, b, start + 16);
            b[start + 1] = (byte) tos;
            b[start + 10] = 0;
            b[start + 11] = 0;
            put16(b, start + 10, InternetChecksum.compute(b, start, 20));
            b[ip.upperOffset] = ECHO_REPLY;
            b[ip.upperOffset + 2] = 0;
            b[ip.upperOffset + 3] = 0;
            put16(b, ip.upperOffset + 2, InternetChecksum.compute(b, ip.upperOffset, msgLen));
        } else {
            put16(b, start + 4, msgLen);
            b[start + 6] = (byte) IpProtocol.ICMPV6;
            b[start + 7] = (byte) ttl;
            b[ip.upperOffset] = (byte) V6_ECHO_REPLY;
            b[ip.upperOffset + 2] = 0;
            b[ip.upperOffset + 3] = 0;
            put16(b, ip.upperOffset + 2, checksum6(b, start, ip.upperOffset, msgLen));
        }
        return start;
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }
}
