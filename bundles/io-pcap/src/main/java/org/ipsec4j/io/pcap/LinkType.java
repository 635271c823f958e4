package org.ipsec4j.io.pcap;

/**
 * The link-layer framings of a capture that the tool understands: where the IP packet starts in a frame and how the
 * frame names its family. Values are libpcap's {@code DLT_*} as {@code pcap_datalink} reports them (a file's
 * {@code LINKTYPE_RAW}, 101, is reported as {@code DLT_RAW}, 12, or 14 on OpenBSD).
 */
enum LinkType {
    /** {@code DLT_EN10MB}: Ethernet II, with at most one 802.1Q tag. */
    ETHERNET,
    /** {@code DLT_RAW}: the frame is the IP packet. */
    RAW,
    /** {@code DLT_LINUX_SLL}: Linux cooked capture, 16-byte header with the ethertype last. */
    LINUX_SLL;

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ETHERTYPE_VLAN = 0x8100;

    /** The type of libpcap link type {@code dlt}, or null when unsupported. */
    static LinkType of(int dlt) {
        return switch (dlt) {
            case 1 -> ETHERNET;
            case 12, 14, 101 -> RAW;
            case 113 -> LINUX_SLL;
            default -> null;
        };
    }

    /** Offset of the ethertype field in {@code frame}, or -1 where the framing has none (raw IP) or it is cut off. */
    int ethertypeOffset(byte[] frame) {
        return switch (this) {
            case ETHERNET -> {
                if (frame.length < 14) yield -1;
                yield u16(frame, 12) == ETHERTYPE_VLAN ? (frame.length < 18 ? -1 : 16) : 12;
            }
            case LINUX_SLL -> frame.length < 16 ? -1 : 14;
            case RAW -> -1;
        };
    }

    /** Where the IP packet starts in {@code frame}, or -1 when the frame does not carry IPv4 or IPv6. */
    int ipOffset(byte[] frame) {
        if (this == RAW) {
            if (frame.length < 1) return -1;
            int version = (frame[0] & 0xff) >>> 4;
            return version == 4 || version == 6 ? 0 : -1;
        }
        int at = ethertypeOffset(frame);
        if (at < 0) return -1;
        int type = u16(frame, at);
        return type == ETHERTYPE_IPV4 || type == ETHERTYPE_IPV6 ? at + 2 : -1;
    }

    /** Sets the ethertype of {@code frame} (with its IP packet at {@code ipOffset}) to the IP version of that packet. */
    void fixEthertype(byte[] frame, int ipOffset) {
        if (this == RAW || frame.length <= ipOffset) return;
        int type = ((frame[ipOffset] & 0xff) >>> 4) == 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4;
        frame[ipOffset - 2] = (byte) (type >>> 8);
        frame[ipOffset - 1] = (byte) type;
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }
}
