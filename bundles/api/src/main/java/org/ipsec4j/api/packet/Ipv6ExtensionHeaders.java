package org.ipsec4j.api.packet;

import org.ipsec4j.api.transform.Verdict;

/**
 * A cursor over the header chain of an IPv6 packet (RFC 8200 section 4): the fixed header's next header field names
 * the first header after it, each extension header names the one after itself. The cursor stands on one header: its
 * {@link #type()}, its {@link #offset()} and the {@link #typeFieldOffset()} of the byte that names it (the byte to
 * rewrite when a header is inserted in front of it). {@link #advance()} steps over an extension header, checking its
 * length against the packet. A cursor allocates nothing: keep one per thread and restart it per packet.
 *
 * <p>{@link #seekTransportInsertion()} finds where ESP or AH go in transport mode (RFC 4303 section 3.1.1, RFC 4302
 * section 3.1.1): after hop-by-hop, routing and fragment headers, and after destination options that precede a routing
 * header (those are for the intermediate destinations); destination options without a routing header after them are
 * for the final destination and stay behind the IPsec header, protected by it, as KAME places them.
 */
public final class Ipv6ExtensionHeaders {
    /** Upper bound on the headers walked, against pathological chains of empty options. */
    public static final int MAX_HEADERS = 32;

    // Field offsets in an extension header, RFC 8200 section 4.
    private static final int NEXT_HEADER = 0;
    private static final int HDR_EXT_LEN = 1;
    private static final int FRAGMENT_OFFSET_FLAGS = 2;
    private static final int FRAGMENT_LENGTH = 8;

    private byte[] buf;
    private int end;
    private int type;
    private int offset;
    private int typeField;
    private int walked;

    /**
     * Places the cursor on the first header after the fixed IPv6 header at {@code buf[ipv6Off..)}, in a packet ending at
     * {@code end}. The fixed header must have been checked ({@link Ipv6Header#wrap}).
     */
    public Ipv6ExtensionHeaders start(byte[] buf, int ipv6Off, int end) {
        this.buf = buf;
        this.end = end;
        this.typeField = ipv6Off + 6;
        this.type = buf[typeField] & 0xff;
        this.offset = ipv6Off + Ipv6Header.LENGTH;
        this.walked = 0;
        return this;
    }

    /** The protocol number of the header the cursor stands on. */
    public int type() { return type; }
    /** Where that header starts (the end of the packet's headers when it is the upper-layer payload). */
    public int offset() { return offset; }
    /** Where the byte naming that header is: the fixed header's next header field, or the previous header's. */
    public int typeFieldOffset() { return typeField; }

    /** Whether {@code type} is an extension header this cursor can step over (hop-by-hop, routing, fragment, dest). */
    public static boolean isExtension(int type) {
        return type == IpProtocol.HOPOPT || type == IpProtocol.ROUTING || type == IpProtocol.FRAGMENT
                || type == IpProtocol.DSTOPTS;
    }

    /** Whether the cursor stands on a fragment header of a real fragment (more follow or the offset is not zero). */
    public boolean onFragment() {
        return type == IpProtocol.FRAGMENT && offset + FRAGMENT_LENGTH <= end
                && (Bytes.u16(buf, offset + FRAGMENT_OFFSET_FLAGS) & 0xfff9) != 0;
    }

    /**
     * Steps over the extension header the cursor stands on. Returns {@link Verdict#TRUNCATED} when it runs past the
     * packet, {@link Verdict#BAD_HEADER} when the cursor is not on an {@link #isExtension extension header}, on a
     * hop-by-hop header anywhere but first (RFC 8200 section 4.1), or after {@link #MAX_HEADERS} headers. The cursor
     * does not move unless the answer is {@link Verdict#OK}.
     */
    public Verdict advance() {
        if (!isExtension(type) || walked >= MAX_HEADERS) {
            return Verdict.BAD_HEADER;
        }
        if (type == IpProtocol.HOPOPT && walked != 0) {
            return Verdict.BAD_HEADER;
        }
        if (offset + 2 > end) {
            return Verdict.TRUNCATED;
        }
        int len = type == IpProtocol.FRAGMENT ? FRAGMENT_LENGTH : ((buf[offset + HDR_EXT_LEN] & 0xff) + 1) * 8;
        if (offset + len > end) {
            return Verdict.TRUNCATED;
        }
        typeField = offset + NEXT_HEADER;
        type = buf[typeField] & 0xff;
        offset += len;
        walked++;
        return Verdict.OK;
    }

    /**
     * From the start, steps over extension headers until the cursor stands on a header of type {@code wanted}.
     * Returns {@link Verdict#BAD_HEADER} when another non-extension header comes first.
     */
    public Verdict seek(int wanted) {
        while (type != wanted) {
            Verdict v = advance();
            if (v != Verdict.OK) {
                return v;
            }
        }
        return Verdict.OK;
    }

    /**
     * From the start, moves the cursor to where a transport-mode ESP or AH header goes (see the class comment): then
     * {@link #offset()} is the insertion point, {@link #type()} the protocol the IPsec header will name as its next
     * header, and {@link #typeFieldOffset()} the byte to set to 50 or 51.
     */
    public Verdict seekTransportInsertion() {
        int insType = type;
        int insOffset = offset;
        int insTypeField = typeField;
        while (isExtension(type)) {
            boolean keepsInFront = type != IpProtocol.DSTOPTS;
            Verdict v = advance();
            if (v != Verdict.OK) {
                return v;
            }
            if (keepsInFront) {
                insType = type;
                insOffset = offset;
                insTypeField = typeField;
            }
        }
        type = insType;
        offset = insOffset;
        typeField = insTypeField;
        return Verdict.OK;
    }
}
