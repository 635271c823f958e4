package org.ipsec4j.api.packet;

import org.ipsec4j.api.transform.Verdict;

/**
 * A flyweight view of the fixed IPv6 header (RFC 8200 section 3) in a byte array. Point it at untrusted bytes with
 * {@link #wrap(byte[], int, int)}, which checks the version and the payload length once; after {@link Verdict#OK} the
 * accessors cannot fail. {@link #bind(byte[], int)} points it without checks, at a header being written. Walk the
 * extension headers that follow with {@link Ipv6ExtensionHeaders}. Allocates nothing.
 */
public final class Ipv6Header {
    /** Length of the fixed header. */
    public static final int LENGTH = 40;

    // Field offsets, RFC 8200 section 3.
    private static final int VERSION_CLASS_FLOW = 0;
    private static final int PAYLOAD_LENGTH = 4;
    private static final int NEXT_HEADER = 6;
    private static final int HOP_LIMIT = 7;
    private static final int SOURCE = 8;
    private static final int DESTINATION = 24;

    private byte[] buf;
    private int off;

    /**
     * Points this view at the header at {@code buf[off..off+len)}, where {@code len} is the number of bytes the packet
     * has there. Returns {@link Verdict#TRUNCATED} when there are fewer than 40 bytes or fewer than the payload length
     * says, {@link Verdict#BAD_HEADER} when the version is not 6, {@link Verdict#BAD_LENGTH} for a payload length of
     * zero (jumbograms, RFC 2675, are not supported). Bytes beyond the payload length are allowed.
     */
    public Verdict wrap(byte[] buf, int off, int len) {
        if (len < LENGTH) {
            return Verdict.TRUNCATED;
        }
        if ((buf[off + VERSION_CLASS_FLOW] & 0xf0) != 0x60) {
            return Verdict.BAD_HEADER;
        }
        int payload = Bytes.u16(buf, off + PAYLOAD_LENGTH);
        if (payload == 0) {
            return Verdict.BAD_LENGTH;
        }
        if (LENGTH + payload > len) {
            return Verdict.TRUNCATED;
        }
        this.buf = buf;
        this.off = off;
        return Verdict.OK;
    }

    /** {@link #wrap(byte[], int, int)} over the packet in {@code pkt}. */
    public Verdict wrap(PacketBuffer pkt) {
        return wrap(pkt.array(), pkt.start(), pkt.length());
    }

    /** Points this view at {@code buf[off..)} without checks: for a header the caller is writing into room it owns. */
    public Ipv6Header bind(byte[] buf, int off) {
        this.buf = buf;
        this.off = off;
        return this;
    }

    public byte[] buffer() { return buf; }
    public int offset() { return off; }

    public int version() { return Bytes.u8(buf, off) >>> 4; }
    /** The traffic class octet (DSCP and ECN). */
    public int trafficClass() { return (Bytes.u16(buf, off) >>> 4) & 0xff; }
    public int dscp() { return trafficClass() >>> 2; }
    public int ecn() { return trafficClass() & 3; }
    public int flowLabel() { return Bytes.i32(buf, off) & 0xfffff; }
    /** Length of everything after the fixed header, extension headers included. */
    public int payloadLength() { return Bytes.u16(buf, off + PAYLOAD_LENGTH); }
    /** The fixed header plus the payload length. */
    public int totalLength() { return LENGTH + payloadLength(); }
    public int nextHeader() { return Bytes.u8(buf, off + NEXT_HEADER); }
    public int hopLimit() { return Bytes.u8(buf, off + HOP_LIMIT); }
    /** Where the 16-byte source address is in {@link #buffer()}. */
    public int sourceOffset() { return off + SOURCE; }
    /** Where the 16-byte destination address is in {@link #buffer()}. */
    public int destinationOffset() { return off + DESTINATION; }
    /** Offset of the next header field in {@link #buffer()}. */
    public int nextHeaderOffset() { return off + NEXT_HEADER; }

    /** Sets version 6, the traffic class and the flow label. */
    public Ipv6Header setVersionClassFlow(int trafficClass, int flowLabel) {
        Bytes.put32(buf, off, (6 << 28) | ((trafficClass & 0xff) << 20) | (flowLabel & 0xfffff));
        return this;
    }

    public Ipv6Header setEcn(int ecn) {
        buf[off + 1] = (byte) ((buf[off + 1] & 0xcf) | ((ecn & 3) << 4));
        return this;
    }

    public Ipv6Header setPayloadLength(int len) { Bytes.put16(buf, off + PAYLOAD_LENGTH, len); return this; }
    public Ipv6Header setNextHeader(int nh) { buf[off + NEXT_HEADER] = (byte) nh; return this; }
    public Ipv6Header setHopLimit(int hops) { buf[off + HOP_LIMIT] = (byte) hops; return this; }
}
