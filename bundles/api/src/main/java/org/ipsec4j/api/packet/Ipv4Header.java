package org.ipsec4j.api.packet;

import org.ipsec4j.api.transform.Verdict;

/**
 * A flyweight view of an IPv4 header (RFC 791) in a byte array. Point it at untrusted bytes with
 * {@link #wrap(byte[], int, int)}, which checks version, header length and total length once; after {@link Verdict#OK}
 * the accessors cannot fail. {@link #bind(byte[], int)} points it without checks, at a header being written. A view
 * holds no packet of its own and allocates nothing: keep one per thread and re-point it per packet.
 */
public final class Ipv4Header {
    /** Length of a header without options. */
    public static final int MIN_LENGTH = 20;
    /** Length of a header with 40 bytes of options. */
    public static final int MAX_LENGTH = 60;

    // Field offsets, RFC 791 section 3.1.
    private static final int VERSION_IHL = 0;
    private static final int TOS = 1;
    private static final int TOTAL_LENGTH = 2;
    private static final int IDENTIFICATION = 4;
    private static final int FLAGS_FRAGMENT = 6;
    private static final int TTL = 8;
    private static final int PROTOCOL = 9;
    private static final int CHECKSUM = 10;
    private static final int SOURCE = 12;
    private static final int DESTINATION = 16;

    private static final int FLAG_DF = 0x4000;
    private static final int FLAG_MF = 0x2000;
    private static final int FRAGMENT_OFFSET_MASK = 0x1fff;

    private byte[] buf;
    private int off;

    /**
     * Points this view at the header at {@code buf[off..off+len)}, where {@code len} is the number of bytes the packet
     * has there. Returns {@link Verdict#TRUNCATED} when the bytes are fewer than the header length or the total length,
     * {@link Verdict#BAD_HEADER} when the version is not 4 or the header length below 20, {@link Verdict#BAD_LENGTH}
     * when the total length is smaller than the header. The view is only usable after {@link Verdict#OK}. Bytes beyond
     * the total length (link-layer padding) are allowed: use {@link #totalLength()}.
     */
    public Verdict wrap(byte[] buf, int off, int len) {
        if (len < MIN_LENGTH) {
            return Verdict.TRUNCATED;
        }
        int vihl = buf[off + VERSION_IHL] & 0xff;
        if (vihl >>> 4 != 4) {
            return Verdict.BAD_HEADER;
        }
        int hlen = (vihl & 0x0f) * 4;
        if (hlen < MIN_LENGTH) {
            return Verdict.BAD_HEADER;
        }
        if (hlen > len) {
            return Verdict.TRUNCATED;
        }
        int total = Bytes.u16(buf, off + TOTAL_LENGTH);
        if (total < hlen) {
            return Verdict.BAD_LENGTH;
        }
        if (total > len) {
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
    public Ipv4Header bind(byte[] buf, int off) {
        this.buf = buf;
        this.off = off;
        return this;
    }

    /** The array this view reads. */
    public byte[] buffer() { return buf; }
    /** Where the header starts in {@link #buffer()}. */
    public int offset() { return off; }

    public int version() { return Bytes.u8(buf, off + VERSION_IHL) >>> 4; }
    /** The header length in bytes (IHL times 4). */
    public int headerLength() { return (Bytes.u8(buf, off + VERSION_IHL) & 0x0f) * 4; }
    /** The length of the options, 0 to 40 bytes. */
    public int optionsLength() { return headerLength() - MIN_LENGTH; }
    /** The whole TOS octet (DSCP and ECN). */
    public int tos() { return Bytes.u8(buf, off + TOS); }
    public int dscp() { return tos() >>> 2; }
    public int ecn() { return tos() & 3; }
    public int totalLength() { return Bytes.u16(buf, off + TOTAL_LENGTH); }
    /** The payload length: total length minus header length. */
    public int payloadLength() { return totalLength() - headerLength(); }
    public int identification() { return Bytes.u16(buf, off + IDENTIFICATION); }
    public boolean dontFragment() { return (Bytes.u16(buf, off + FLAGS_FRAGMENT) & FLAG_DF) != 0; }
    public boolean moreFragments() { return (Bytes.u16(buf, off + FLAGS_FRAGMENT) & FLAG_MF) != 0; }
    /** The fragment offset in 8-byte units. */
    public int fragmentOffset() { return Bytes.u16(buf, off + FLAGS_FRAGMENT) & FRAGMENT_OFFSET_MASK; }
    /** Whether this is a fragment (more fragments follow, or it is not the first). */
    public boolean isFragment() { return (Bytes.u16(buf, off + FLAGS_FRAGMENT) & (FLAG_MF | FRAGMENT_OFFSET_MASK)) != 0; }
    public int ttl() { return Bytes.u8(buf, off + TTL); }
    public int protocol() { return Bytes.u8(buf, off + PROTOCOL); }
    public int checksum() { return Bytes.u16(buf, off + CHECKSUM); }
    /** Where the 4-byte source address is in {@link #buffer()}. */
    public int sourceOffset() { return off + SOURCE; }
    /** Where the 4-byte destination address is in {@link #buffer()}. */
    public int destinationOffset() { return off + DESTINATION; }
    /** Offset of the protocol field in {@link #buffer()} (the byte ESP's next header replaces). */
    public int protocolOffset() { return off + PROTOCOL; }

    /** Sets version 4 and the header length in bytes (a multiple of 4, 20 to 60). */
    public Ipv4Header setHeaderLength(int bytes) {
        buf[off + VERSION_IHL] = (byte) (0x40 | (bytes >>> 2));
        return this;
    }

    public Ipv4Header setTos(int tos) { buf[off + TOS] = (byte) tos; return this; }

    public Ipv4Header setEcn(int ecn) {
        buf[off + TOS] = (byte) ((buf[off + TOS] & 0xfc) | (ecn & 3));
        return this;
    }

    /**
     * Sets the ECN field and updates the checksum incrementally (RFC 1624 equation 3), so that a header whose checksum
     * was wrong stays wrong: for decapsulation, which must not launder a damaged header.
     */
    public Ipv4Header setEcnAdjustingChecksum(int ecn) {
        int oldWord = Bytes.u16(buf, off + VERSION_IHL);
        setEcn(ecn);
        return setChecksum(InternetChecksum.adjust(checksum(), oldWord, Bytes.u16(buf, off + VERSION_IHL)));
    }

    /**
     * Sets the total length and the protocol, updating the checksum for the two words that change (RFC 1624) instead
     * of summing the header again: a header whose checksum was right stays right, one whose checksum was wrong stays
     * wrong by as much. What ESP and AH in transport mode change.
     */
    public Ipv4Header setLengthAndProtocolAdjustingChecksum(int totalLength, int protocol) {
        int oldLength = totalLength();
        int oldTtlProtocol = Bytes.u16(buf, off + TTL);
        setTotalLength(totalLength).setProtocol(protocol);
        int sum = InternetChecksum.adjust(checksum(), oldLength, totalLength);
        return setChecksum(InternetChecksum.adjust(sum, oldTtlProtocol, Bytes.u16(buf, off + TTL)));
    }

    /** Decrements the TTL, updating the checksum for it (RFC 1624) as a router does. */
    public Ipv4Header decrementTtlAdjustingChecksum() {
        int oldTtlProtocol = Bytes.u16(buf, off + TTL);
        setTtl(ttl() - 1);
        return setChecksum(InternetChecksum.adjust(checksum(), oldTtlProtocol, Bytes.u16(buf, off + TTL)));
    }

    public Ipv4Header setTotalLength(int len) { Bytes.put16(buf, off + TOTAL_LENGTH, len); return this; }
    public Ipv4Header setIdentification(int id) { Bytes.put16(buf, off + IDENTIFICATION, id); return this; }

    /** Sets the flags and fragment offset of an unfragmented packet: DF as given, MF and offset clear. */
    public Ipv4Header setUnfragmented(boolean dontFragment) {
        Bytes.put16(buf, off + FLAGS_FRAGMENT, dontFragment ? FLAG_DF : 0);
        return this;
    }

    public Ipv4Header setTtl(int ttl) { buf[off + TTL] = (byte) ttl; return this; }
    public Ipv4Header setProtocol(int protocol) { buf[off + PROTOCOL] = (byte) protocol; return this; }
    public Ipv4Header setChecksum(int sum) { Bytes.put16(buf, off + CHECKSUM, sum); return this; }

    /** The checksum this header should carry, computed with the checksum field taken as zero. */
    public int computeChecksum() {
        long sum = InternetChecksum.add(0, buf, off, CHECKSUM);
        sum = InternetChecksum.add(sum, buf, off + CHECKSUM + 2, headerLength() - CHECKSUM - 2);
        return InternetChecksum.finish(sum);
    }

    /** Computes the checksum and stores it. */
    public Ipv4Header fillChecksum() {
        return setChecksum(computeChecksum());
    }

    /** Whether the stored checksum is correct. */
    public boolean verifyChecksum() {
        return InternetChecksum.compute(buf, off, headerLength()) == 0;
    }
}
