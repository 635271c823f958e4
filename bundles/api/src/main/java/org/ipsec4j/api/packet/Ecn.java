package org.ipsec4j.api.packet;

/**
 * The two ECN bits of the IPv4 TOS and IPv6 traffic class octets (RFC 3168), and how a tunnel treats them in RFC 6040's
 * normal mode.
 */
public final class Ecn {
    public static final int NOT_ECT = 0;
    public static final int ECT_1 = 1;
    public static final int ECT_0 = 2;
    public static final int CE = 3;
    /** {@link #decapsulate} answers this when the packet must be dropped. */
    public static final int DROP = -1;

    private Ecn() {
    }

    /** The outer header's ECN field for an inner one on encapsulation: a copy (RFC 6040 section 4.1, normal mode). */
    public static int encapsulate(int innerEcn) {
        return innerEcn & 3;
    }

    /**
     * The inner header's ECN field after decapsulation (RFC 6040 section 4.2, figure 4), or {@link #DROP} when the outer
     * header says CE and the inner packet is not ECN-capable.
     */
    public static int decapsulate(int outerEcn, int innerEcn) {
        outerEcn &= 3;
        innerEcn &= 3;
        if (innerEcn == NOT_ECT) {
            return outerEcn == CE ? DROP : NOT_ECT;
        }
        if (outerEcn == CE || innerEcn == CE) {
            return CE;
        }
        if (outerEcn == ECT_1) {
            return ECT_1;
        }
        return innerEcn;
    }
}
