package org.ipsec4j.ipcomp;

/**
 * Gateway-wide settings of the IPComp transform.
 *
 * @param minimumPayload  payloads shorter than this are sent uncompressed without trying (RFC 3173 section 2.2: small
 *                        datagrams are likely to expand); 90 bytes is KAME's threshold for deflate
 * @param maxDecompressed the most bytes one payload may decompress to (at most 65575: an IPv6 packet of the largest
 *                        payload length); a payload that would decompress to more is dropped as a decompression bomb.
 *                        In transport mode the IP length field bounds it further
 * @param ttl             the outer IPv4 TTL in tunnel mode
 * @param hopLimit        the outer IPv6 hop limit in tunnel mode
 */
public record IpcompOptions(int minimumPayload, int maxDecompressed, int ttl, int hopLimit) {
    /** The largest IP packet: an IPv6 header and a payload of 65535 bytes. */
    public static final int MAX_PACKET = 40 + 65535;

    /** Threshold 90 bytes, decompression up to 65535 bytes, TTL and hop limit 64. */
    public static final IpcompOptions DEFAULTS = new IpcompOptions(90, 65535, 64, 64);

    public IpcompOptions {
        if (minimumPayload < 0) {
            throw new IllegalArgumentException("minimum payload must not be negative");
        }
        if (maxDecompressed < 1 || maxDecompressed > MAX_PACKET) {
            throw new IllegalArgumentException("maximum decompressed size must be 1 to " + MAX_PACKET);
        }
        if (ttl < 1 || ttl > 255 || hopLimit < 1 || hopLimit > 255) {
            throw new IllegalArgumentException("TTL and hop limit must be 1 to 255");
        }
    }
}
