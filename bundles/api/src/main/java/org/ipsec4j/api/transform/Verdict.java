package org.ipsec4j.api.transform;

/**
 * What became of a packet: {@link #OK}, or the reason it was dropped. Every drop reason is a named counter, shown by
 * {@code setkey -D} and the statistics command; the data path never throws for a bad packet, it returns one of these.
 */
public enum Verdict {
    OK("ok"),
    /** Shorter than its headers, IV, ICV or declared length. */
    TRUNCATED("truncated"),
    /** A length field disagrees with the packet, or a ciphertext is not a multiple of the block size. */
    BAD_LENGTH("badlength"),
    /** No SA for (destination, protocol, SPI). */
    NO_SA("nosa"),
    /** Sequence number already seen or left of the window. */
    REPLAY("replay"),
    /** ICV did not verify. */
    AUTH_FAILED("badauth"),
    /** ESP padding or pad length invalid. */
    BAD_PADDING("badpad"),
    /** Next header invalid for the SA's mode. */
    BAD_NEXT_HEADER("badnexthdr"),
    /** No provider offers the SA's algorithm right now. */
    NO_ALGORITHM("noalgo"),
    /** The outbound sequence number space is used up and the SA may not cycle. */
    SEQUENCE_OVERFLOW("seqoverflow"),
    /** The SA's hard lifetime expired. */
    EXPIRED("expired"),
    /** The SA is not in a usable state. */
    BAD_STATE("badstate"),
    /** The packet did not arrive as its inbound policy demands (plaintext where IPsec is required, wrong SA). */
    POLICY_VIOLATION("policy"),
    /** A {@code discard} policy matched. */
    POLICY_DISCARD("discard"),
    /** A {@code require} rule found no SA (an acquire was raised). */
    NO_SA_FOR_POLICY("acquire"),
    /** Decompression failed or exceeded its bound (IPComp). */
    BAD_COMPRESSION("badcomp"),
    /** No headroom or tailroom left for the transform. */
    NO_BUFFER_SPACE("nobufs"),
    /** A malformed IP header (version, header length, checksum). */
    BAD_HEADER("badhdr"),
    /** No route to the destination. */
    NO_ROUTE("noroute"),
    /** An authentic ESP dummy packet (next header 59, RFC 4303 section 2.6), discarded as the RFC says. */
    DUMMY("dummy"),
    /**
     * Tunnel decapsulation found congestion experienced on the outer header of a packet whose inner header is not
     * ECN-capable: RFC 6040 section 4.2 says drop it.
     */
    ECN_DROP("ecndrop");

    private final String counterName;

    Verdict(String counterName) {
        this.counterName = counterName;
    }

    /** The counter's name as shown to users, e.g. {@code replay}. */
    public String counterName() {
        return counterName;
    }

    public boolean isDrop() {
        return this != OK;
    }
}
