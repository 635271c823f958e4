package org.ipsec4j.engine.forward;

import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.packet.PacketBuffer;

/**
 * The per-thread working state of the forwarding path, made once per thread (each port's receive thread, a shell
 * thread that pings) and reused for every packet: the header view, buffers for the fragments sent, a reassembled
 * datagram and an ICMP message, and a copy of the start of the packet being sent (the quote of an ICMP error about
 * it, once IPsec has changed it).
 */
final class ForwardScratch {
    /** Bytes of a packet kept for an ICMP error quoting it after IPsec changed it. */
    static final int QUOTE = 128;

    final IpView ip = new IpView();
    final PacketBuffer fragment = new PacketBuffer(PacketBuffers.CAPACITY, PacketBuffers.HEADROOM);
    final PacketBuffer reassembled = new PacketBuffer(PacketBuffers.CAPACITY, PacketBuffers.HEADROOM);
    final PacketBuffer icmp = new PacketBuffer(PacketBuffers.HEADROOM + 1500 + PacketBuffers.TAILROOM,
            PacketBuffers.HEADROOM);
    final byte[] quote = new byte[QUOTE];
    int quoteLength;
    /** The packet before IPsec: its length, version, whether it forbids fragmentation (DF, or IPv6). */
    int originalLength;
    int originalVersion;
    boolean originalDontFragment;
    /** Its destination before IPsec, to see whether a tunnel changed it. */
    final byte[] destination = new byte[16];
    /** IPv4 options copied into every fragment after the first. */
    final byte[] copiedOptions = new byte[40];

    /** Keeps the start of the parsed packet {@code ip} before IPsec processing. */
    void keepOriginal(IpView ip) {
        quoteLength = Math.min(QUOTE, ip.length());
        System.arraycopy(ip.buf, ip.start, quote, 0, quoteLength);
        originalLength = ip.length();
        originalVersion = ip.version;
        originalDontFragment = ip.dontFragment();
        System.arraycopy(ip.buf, ip.destinationOffset(), destination, 0, ip.addressLength());
    }

    /** Whether the destination of the parsed packet {@code ip} is the one kept by {@link #keepOriginal}. */
    boolean sameDestination(IpView ip) {
        int len = ip.addressLength();
        return ip.version == originalVersion
                && java.util.Arrays.equals(ip.buf, ip.destinationOffset(), ip.destinationOffset() + len, destination, 0, len);
    }
}
