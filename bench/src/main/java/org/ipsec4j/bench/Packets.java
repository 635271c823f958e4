package org.ipsec4j.bench;

import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;

/** The packets the benchmarks feed in, and the buffer layout they share. */
final class Packets {
    /** Head-room in front of each packet as it arrives in its buffer. */
    static final int HEADROOM = 128;
    /** Buffer size: room for the largest packet measured with its ESP overhead. */
    static final int CAPACITY = 2048;
    static final int IPV4_HEADER = Ipv4Header.MIN_LENGTH;
    /** Distinct sealed packets that input benchmarks go through in turn. A power of two. */
    static final int RING = 16;

    private Packets() {
    }

    /** An IPv4 UDP packet (20-byte header) from the suites' source to their destination, {@code payload} bytes after its header. */
    static byte[] ipv4(int payload) {
        byte[] p = new byte[IPV4_HEADER + payload];
        Ipv4Header ip = new Ipv4Header().bind(p, 0).setHeaderLength(IPV4_HEADER).setTos(0).setTotalLength(p.length)
                .setIdentification(0x1234).setUnfragmented(true).setTtl(64).setProtocol(IpProtocol.UDP);
        System.arraycopy(Suite.SOURCE.getAddress(), 0, p, ip.sourceOffset(), 4);
        System.arraycopy(Suite.DESTINATION.getAddress(), 0, p, ip.destinationOffset(), 4);
        ip.fillChecksum();
        for (int i = IPV4_HEADER; i < p.length; i++) {
            p[i] = (byte) (i * 7 + 3);
        }
        return p;
    }
}
