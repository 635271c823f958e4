package org.ipsec4j.esp;

/**
 * How tunnel mode builds its outer header.
 *
 * @param ttl      the outer IPv4 TTL
 * @param hopLimit the outer IPv6 hop limit
 * @param df       the outer IPv4 DF bit (RFC 4301 section 8.1)
 */
public record EspOptions(int ttl, int hopLimit, DontFragment df) {
    /** TTL and hop limit 64, DF copied from an inner IPv4 header (and set for an inner IPv6 packet). */
    public static final EspOptions DEFAULTS = new EspOptions(64, 64, DontFragment.COPY);

    public EspOptions {
        if (ttl < 1 || ttl > 255 || hopLimit < 1 || hopLimit > 255) {
            throw new IllegalArgumentException("TTL and hop limit must be 1 to 255");
        }
        if (df == null) {
            throw new IllegalArgumentException("df");
        }
    }

    /** The outer DF bit: copied from the inner IPv4 header (set for inner IPv6, which routers never fragment), set, or clear. */
    public enum DontFragment {
        COPY,
        SET,
        CLEAR
    }
}
