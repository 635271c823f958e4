package org.ipsec4j.api.io;

/**
 * The sizes of the packet buffers ports allocate, so that every transform and every link layer fits in place: the
 * head-room covers a link-layer header (Ethernet with two VLAN tags), an outer IPv6 header with extension headers, an
 * ESP or AH header and the largest IV, twice (nested tunnels); the tail-room covers ESP padding, trailer and the
 * largest ICV, twice.
 */
public final class PacketBuffers {
    private PacketBuffers() {
    }

    /** Bytes in front of a received packet. */
    public static final int HEADROOM = 256;
    /** Bytes behind the largest packet. */
    public static final int TAILROOM = 640;
    /** The largest IP packet a port receives (jumbo frames). */
    public static final int MAX_PACKET = 9216;
    /** The capacity of a port's buffer. */
    public static final int CAPACITY = HEADROOM + MAX_PACKET + TAILROOM;
}
