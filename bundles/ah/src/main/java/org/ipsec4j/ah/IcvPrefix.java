package org.ipsec4j.ah;

import java.util.Arrays;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.transform.Verdict;

/**
 * The headers in front of AH as the ICV sees them (RFC 4302 section 3.3.3.1): copied out of the packet into scratch,
 * mutable fields zeroed, mutable but predictable fields set to what they will be at the receiver. The rest of the ICV
 * input (AH with its ICV field zeroed, then the payload) is fed straight from the packet. The packet itself is never
 * changed here.
 *
 * <h2>IPv4 (section 3.3.3.1.1)</h2>
 * Zeroed: TOS (DSCP and ECN), flags and fragment offset, TTL, header checksum. Options: the immutable ones of appendix
 * A (end of list, no operation, Security 130, Extended Security 133, Commercial Security 134, Router Alert 148, Sender
 * Directed Multi-Destination Delivery 149, by their whole type octet, as Linux compares them) are included; every other
 * option is zeroed entirely, type and length included ("the entire option is viewed as a unit"). Bytes after an end of
 * list option are included as they are. With a loose or strict source route (131, 137) whose route is not yet used up,
 * the destination address is predicted as the route's last address, as Linux does on output; on a packet that has
 * arrived at its final destination the route is used up and the destination is already the final one.
 *
 * <h2>IPv6 (section 3.3.3.1.2)</h2>
 * Zeroed: traffic class, flow label, hop limit. In hop-by-hop and destination options headers, the data of every
 * option whose type has the third-highest bit set (RFC 8200 section 4.2: may change en route) is zeroed; type and
 * length stay. A type 0 or type 2 routing header with segments left is rearranged as it will arrive (RFC 4302:
 * "ordered so that it appears as it will at the receiver"): segments left 0, the destination address the last
 * address, the address list shifted with the current destination in front, as Linux's {@code ipv6_rearrange_rthdr}
 * does in both directions. Other routing types with segments left cannot be predicted and are refused. A fragment
 * header of a real fragment is refused (AH is applied before fragmentation and verified after reassembly).
 */
final class IcvPrefix {
    private static final int EOL = 0;
    private static final int NOP = 1;
    private static final int SECURITY = 130;
    private static final int LSRR = 131;
    private static final int EXTENDED_SECURITY = 133;
    private static final int COMMERCIAL_SECURITY = 134;
    private static final int SSRR = 137;
    private static final int ROUTER_ALERT = 148;
    private static final int SDMD = 149;

    private static final int V4_DESTINATION = 16;
    private static final int V6_DESTINATION = 24;
    private static final int ADDRESS6 = 16;

    private IcvPrefix() {
    }

    /**
     * Copies the IPv4 header {@code src[off..off+hlen)} to {@code dst[0..hlen)} and prepares it. Returns
     * {@link Verdict#BAD_HEADER} for options that run past the header.
     */
    static Verdict ipv4(byte[] src, int off, int hlen, byte[] dst) {
        System.arraycopy(src, off, dst, 0, hlen);
        dst[1] = 0; // TOS: DSCP and ECN
        dst[6] = 0; // flags and fragment offset
        dst[7] = 0;
        dst[8] = 0; // TTL
        dst[10] = 0; // header checksum
        dst[11] = 0;
        int i = 20;
        while (i < hlen) {
            int type = dst[i] & 0xff;
            if (type == EOL) {
                break;
            }
            if (type == NOP) {
                i++;
                continue;
            }
            if (i + 2 > hlen) {
                return Verdict.BAD_HEADER;
            }
            int len = dst[i + 1] & 0xff;
            if (len < 2 || i + len > hlen) {
                return Verdict.BAD_HEADER;
            }
            if (!immutable(type)) {
                if ((type == LSRR || type == SSRR) && len >= 7) {
                    int pointer = dst[i + 2] & 0xff;
                    if (pointer >= 4 && pointer <= len - 3) { // addresses left to visit: the last is the final one
                        System.arraycopy(dst, i + len - 4, dst, V4_DESTINATION, 4);
                    }
                }
                Arrays.fill(dst, i, i + len, (byte) 0);
            }
            i += len;
        }
        return Verdict.OK;
    }

    private static boolean immutable(int type) {
        return type == SECURITY || type == EXTENDED_SECURITY || type == COMMERCIAL_SECURITY || type == ROUTER_ALERT
                || type == SDMD;
    }

    /**
     * Copies the IPv6 header and the extension headers that follow it up to AH, {@code src[off..off+len)}, to
     * {@code dst[0..len)} and prepares them. {@code address} is 16 bytes of scratch. Returns {@link Verdict#BAD_HEADER}
     * for a header that does not end where AH starts, a malformed option area or routing header, a routing header that
     * cannot be predicted, or a fragment.
     */
    static Verdict ipv6(byte[] src, int off, int len, byte[] dst, byte[] address) {
        System.arraycopy(src, off, dst, 0, len);
        dst[0] = 0x60; // version 6; traffic class and flow label zero
        dst[1] = 0;
        dst[2] = 0;
        dst[3] = 0;
        dst[7] = 0; // hop limit
        int type = dst[6] & 0xff;
        int at = 40;
        boolean rearranged = false;
        while (at < len) {
            if (at + 2 > len) {
                return Verdict.BAD_HEADER;
            }
            int hlen = type == IpProtocol.FRAGMENT ? 8 : ((dst[at + 1] & 0xff) + 1) * 8;
            if (at + hlen > len) {
                return Verdict.BAD_HEADER;
            }
            Verdict v;
            switch (type) {
                case IpProtocol.HOPOPT, IpProtocol.DSTOPTS -> v = zeroMutableOptions(dst, at + 2, at + hlen);
                case IpProtocol.ROUTING -> {
                    if ((dst[at + 3] & 0xff) == 0) {
                        v = Verdict.OK;
                    } else if (rearranged) {
                        v = Verdict.BAD_HEADER; // RFC 8200: one routing header at most
                    } else {
                        v = rearrangeRoute(dst, at, hlen, address);
                        rearranged = true;
                    }
                }
                case IpProtocol.FRAGMENT -> v = ((dst[at + 2] & 0xff) << 8 | (dst[at + 3] & 0xf9)) != 0
                        ? Verdict.BAD_HEADER : Verdict.OK;
                default -> v = Verdict.BAD_HEADER;
            }
            if (v != Verdict.OK) {
                return v;
            }
            type = dst[at] & 0xff;
            at += hlen;
        }
        return at == len ? Verdict.OK : Verdict.BAD_HEADER;
    }

    /** Zeroes the data of the options marked mutable in {@code d[from..to)}, the options area of one header. */
    private static Verdict zeroMutableOptions(byte[] d, int from, int to) {
        int i = from;
        while (i < to) {
            int type = d[i] & 0xff;
            if (type == 0) { // Pad1
                i++;
                continue;
            }
            if (i + 2 > to) {
                return Verdict.BAD_HEADER;
            }
            int dataLen = d[i + 1] & 0xff;
            if (i + 2 + dataLen > to) {
                return Verdict.BAD_HEADER;
            }
            if ((type & 0x20) != 0) {
                Arrays.fill(d, i + 2, i + 2 + dataLen, (byte) 0);
            }
            i += 2 + dataLen;
        }
        return Verdict.OK;
    }

    /**
     * A type 0 or 2 routing header at {@code d[at..at+hlen)} with segments left, as it arrives at the final
     * destination: of its n addresses the last n - left are still to visit; the current destination moves in front of
     * them, the last becomes the destination, segments left becomes 0.
     */
    private static Verdict rearrangeRoute(byte[] d, int at, int hlen, byte[] address) {
        int routingType = d[at + 2] & 0xff;
        int left = d[at + 3] & 0xff;
        int extLen = d[at + 1] & 0xff;
        if (routingType != 0 && routingType != 2 || extLen % 2 != 0) {
            return Verdict.BAD_HEADER;
        }
        int n = extLen / 2;
        if (left > n || routingType == 2 && n != 1) {
            return Verdict.BAD_HEADER;
        }
        int addrs = at + 8;
        int lastAt = addrs + (n - 1) * ADDRESS6;
        System.arraycopy(d, lastAt, address, 0, ADDRESS6);
        int firstLeft = addrs + (n - left) * ADDRESS6;
        System.arraycopy(d, firstLeft, d, firstLeft + ADDRESS6, (left - 1) * ADDRESS6);
        System.arraycopy(d, V6_DESTINATION, d, firstLeft, ADDRESS6);
        System.arraycopy(address, 0, d, V6_DESTINATION, ADDRESS6);
        d[at + 3] = 0;
        return Verdict.OK;
    }
}
