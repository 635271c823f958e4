package org.ipsec4j.api.packet;

/**
 * IP protocol numbers (IANA "Assigned Internet Protocol Numbers") as they appear in the IPv4 protocol field, the IPv6
 * next header field and ESP's next header field.
 */
public final class IpProtocol {
    /** IPv6 hop-by-hop options (RFC 8200 section 4.3); only directly after the IPv6 header. */
    public static final int HOPOPT = 0;
    public static final int ICMP = 1;
    /** IPv4 encapsulated in IP: an ESP tunnel carrying IPv4. */
    public static final int IPV4 = 4;
    public static final int TCP = 6;
    public static final int UDP = 17;
    /** IPv6 encapsulated in IP: an ESP tunnel carrying IPv6. */
    public static final int IPV6 = 41;
    /** IPv6 routing header (RFC 8200 section 4.4). */
    public static final int ROUTING = 43;
    /** IPv6 fragment header (RFC 8200 section 4.5). */
    public static final int FRAGMENT = 44;
    public static final int ESP = 50;
    public static final int AH = 51;
    public static final int ICMPV6 = 58;
    /** No next header: IPv6 (RFC 8200 section 4.7), and ESP dummy packets (RFC 4303 section 2.6). */
    public static final int NO_NEXT_HEADER = 59;
    /** IPv6 destination options (RFC 8200 section 4.6). */
    public static final int DSTOPTS = 60;
    public static final int IPCOMP = 108;
    /** Reserved (IANA); never valid on the wire. */
    public static final int RESERVED = 255;

    private IpProtocol() {
    }
}
