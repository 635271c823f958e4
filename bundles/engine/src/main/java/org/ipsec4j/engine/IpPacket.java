package org.ipsec4j.engine;

import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.policy.FlowKey;

/**
 * A checked, reusable view of the IP header of the packet in a {@link PacketBuffer}: IPv4 or IPv6 with its extension
 * headers walked to the upper-layer protocol. {@link #parse(PacketBuffer)} checks every length once; the accessors
 * after it cannot fail. One instance per thread; allocates nothing.
 */
final class IpPacket {
    static final int PROTO_HOPOPTS = 0;
    static final int PROTO_ICMP = 1;
    static final int PROTO_IPIP = 4;
    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;
    static final int PROTO_IPV6 = 41;
    static final int PROTO_ROUTING = 43;
    static final int PROTO_FRAGMENT = 44;
    static final int PROTO_ESP = 50;
    static final int PROTO_AH = 51;
    static final int PROTO_ICMPV6 = 58;
    static final int PROTO_DSTOPTS = 60;
    static final int PROTO_IPCOMP = 108;
    static final int PROTO_SCTP = 132;

    private byte[] buf;
    private int start;
    private int end;
    private int version;
    private int upperOffset;
    private int protocol;
    private boolean fragment;
    private boolean laterFragment;

    /**
     * Checks the IP header of {@code pkt} and walks to its upper-layer header. Trims bytes past the IP datagram's
     * declared length (link-layer padding). Returns false for anything malformed.
     */
    boolean parse(PacketBuffer pkt) {
        buf = pkt.array();
        start = pkt.start();
        int len = pkt.length();
        if (len < 1) return false;
        version = (buf[start] & 0xff) >>> 4;
        if (version == 4) {
            if (!parseIpv4(len)) return false;
        } else if (version == 6) {
            if (!parseIpv6(len)) return false;
        } else {
            return false;
        }
        if (end < pkt.end()) pkt.trimBack(pkt.end() - end);
        return true;
    }

    private boolean parseIpv4(int len) {
        if (len < 20) return false;
        int ihl = (buf[start] & 0x0f) * 4;
        int total = u16(start + 2);
        if (ihl < 20 || total < ihl || total > len) return false;
        end = start + total;
        int frag = u16(start + 6);
        laterFragment = (frag & 0x1fff) != 0;
        fragment = laterFragment || (frag & 0x2000) != 0;
        protocol = buf[start + 9] & 0xff;
        upperOffset = start + ihl;
        return true;
    }

    private boolean parseIpv6(int len) {
        if (len < 40) return false;
        int payload = u16(start + 4);
        if (payload == 0 || 40 + payload > len) return false; // jumbograms are not supported
        end = start + 40 + payload;
        fragment = false;
        laterFragment = false;
        int next = buf[start + 6] & 0xff;
        int off = start + 40;
        while (true) {
            if (next == PROTO_HOPOPTS || next == PROTO_ROUTING || next == PROTO_DSTOPTS) {
                if (off + 8 > end) return false;
                int extLen = ((buf[off + 1] & 0xff) + 1) * 8;
                if (off + extLen > end) return false;
                next = buf[off] & 0xff;
                off += extLen;
            } else if (next == PROTO_FRAGMENT) {
                if (off + 8 > end) return false;
                fragment = true;
                laterFragment = (u16(off + 2) & 0xfff8) != 0;
                next = buf[off] & 0xff;
                off += 8;
                if (laterFragment) break;
            } else {
                break;
            }
        }
        protocol = next;
        upperOffset = off;
        return true;
    }

    /**
     * Fills {@code flow} with this packet's selector fields: addresses, upper-layer protocol, ports (TCP, UDP, SCTP),
     * ICMP type and code. Fragments after the first carry no ports, so they match only port-less selectors.
     */
    void fillFlow(FlowKey flow) {
        flow.addresses(buf, sourceOffset(), destinationOffset(), addressLength());
        int avail = end - upperOffset;
        boolean hasUpper = !laterFragment;
        switch (protocol) {
            case PROTO_TCP, PROTO_UDP, PROTO_SCTP -> {
                if (hasUpper && avail >= 4) {
                    flow.transport(protocol, u16(upperOffset), u16(upperOffset + 2));
                } else {
                    flow.transport(protocol, 0, 0);
                }
            }
            case PROTO_ICMP, PROTO_ICMPV6 -> {
                if (hasUpper && avail >= 2) {
                    flow.icmp(protocol, buf[upperOffset] & 0xff, buf[upperOffset + 1] & 0xff);
                } else {
                    flow.transport(protocol, 0, 0);
                }
            }
            default -> flow.transport(protocol, 0, 0);
        }
    }

    /** Whether this is an ESP, AH or IPComp packet. */
    boolean isIpsec() {
        return protocol == PROTO_ESP || protocol == PROTO_AH || protocol == PROTO_IPCOMP;
    }

    /** Whether the packet is long enough to hold its IPsec header's SPI (ESP, AH) or CPI (IPComp). */
    boolean hasSpi() {
        int avail = end - upperOffset;
        return switch (protocol) {
            case PROTO_ESP -> avail >= 8;
            case PROTO_AH -> avail >= 12;
            case PROTO_IPCOMP -> avail >= 4;
            default -> false;
        };
    }

    /** The SPI (ESP, AH) or CPI (IPComp); valid after {@link #hasSpi()} said yes. */
    int spi() {
        return switch (protocol) {
            case PROTO_ESP -> s32(upperOffset);
            case PROTO_AH -> s32(upperOffset + 4);
            case PROTO_IPCOMP -> u16(upperOffset + 2);
            default -> 0;
        };
    }

    byte[] buffer() { return buf; }
    int version() { return version; }
    boolean isIpv4() { return version == 4; }
    int start() { return start; }
    int end() { return end; }
    int protocol() { return protocol; }
    int upperOffset() { return upperOffset; }
    boolean isFragment() { return fragment; }
    int addressLength() { return version == 4 ? 4 : 16; }
    int sourceOffset() { return start + (version == 4 ? 12 : 8); }
    int destinationOffset() { return start + (version == 4 ? 16 : 24); }

    /** The IPv4 TOS or IPv6 traffic class byte. */
    int trafficClass() {
        return version == 4 ? buf[start + 1] & 0xff : ((buf[start] & 0x0f) << 4) | ((buf[start + 1] & 0xff) >>> 4);
    }

    /** Whether an IPv4 packet has DF set (false for IPv6). */
    boolean dontFragment() {
        return version == 4 && (buf[start + 6] & 0x40) != 0;
    }

    /** Whether the IPv4 header checksum verifies (true for IPv6, which has none). */
    boolean headerChecksumValid() {
        if (version != 4) return true;
        return Ipv4Header.checksum(buf, start, (buf[start] & 0x0f) * 4) == 0;
    }

    /** Whether this packet's source and destination equal {@code src}/{@code dst} (each {@code len} bytes). */
    boolean addressesEqual(byte[] src, byte[] dst, int len) {
        if (len != addressLength()) return false;
        return java.util.Arrays.equals(buf, sourceOffset(), sourceOffset() + len, src, 0, len)
                && java.util.Arrays.equals(buf, destinationOffset(), destinationOffset() + len, dst, 0, len);
    }

    /** Copies the source and destination addresses into {@code src} and {@code dst}. */
    void copyAddresses(byte[] src, byte[] dst) {
        int len = addressLength();
        System.arraycopy(buf, sourceOffset(), src, 0, len);
        System.arraycopy(buf, destinationOffset(), dst, 0, len);
    }

    private int u16(int off) {
        return ((buf[off] & 0xff) << 8) | (buf[off + 1] & 0xff);
    }

    private int s32(int off) {
        return ((buf[off] & 0xff) << 24) | ((buf[off + 1] & 0xff) << 16) | ((buf[off + 2] & 0xff) << 8)
                | (buf[off + 3] & 0xff);
    }
}
