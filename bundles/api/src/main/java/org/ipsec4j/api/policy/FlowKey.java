package org.ipsec4j.api.policy;

/**
 * The selector fields of one packet, filled by the data path and handed to
 * {@link SecurityPolicyDatabase#lookup(Direction, FlowKey)}. Mutable and reused: one per thread, never shared.
 * For ICMP and ICMPv6, {@link #sourcePort()} carries the type and {@link #destinationPort()} the code, as in KAME.
 */
public final class FlowKey {
    private final byte[] source = new byte[16];
    private final byte[] destination = new byte[16];
    private int addressLength;
    private int protocol;
    private int sourcePort;
    private int destinationPort;
    private int icmpType = -1;
    private int icmpCode = -1;

    /** Sets the addresses from {@code buf}: {@code len} bytes (4 or 16) at each offset. */
    public FlowKey addresses(byte[] buf, int srcOff, int dstOff, int len) {
        if (len != 4 && len != 16) throw new IllegalArgumentException("address length " + len);
        System.arraycopy(buf, srcOff, source, 0, len);
        System.arraycopy(buf, dstOff, destination, 0, len);
        addressLength = len;
        return this;
    }

    /** Sets protocol and ports; ports 0 when the protocol has none. Clears the ICMP fields. */
    public FlowKey transport(int protocol, int sourcePort, int destinationPort) {
        this.protocol = protocol;
        this.sourcePort = sourcePort;
        this.destinationPort = destinationPort;
        this.icmpType = -1;
        this.icmpCode = -1;
        return this;
    }

    /** Sets ICMP (or ICMPv6) with its type and code. */
    public FlowKey icmp(int protocol, int type, int code) {
        this.protocol = protocol;
        this.sourcePort = 0;
        this.destinationPort = 0;
        this.icmpType = type;
        this.icmpCode = code;
        return this;
    }

    /** The source address; only the first {@link #addressLength()} bytes are valid. */
    public byte[] source() { return source; }
    public byte[] destination() { return destination; }
    public int addressLength() { return addressLength; }
    public int protocol() { return protocol; }
    public int sourcePort() { return sourcePort; }
    public int destinationPort() { return destinationPort; }
    public int icmpType() { return icmpType; }
    public int icmpCode() { return icmpCode; }
}
