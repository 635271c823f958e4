package org.ipsec4j.ah;

/**
 * Gateway-wide settings of the AH transform.
 *
 * <h2>{@value #AH_ALIGN64}: 64-bit aligned AH over IPv4</h2>
 * RFC 4302 section 2.6 pads the ICV so that the AH header is a multiple of 32 bits over IPv4 and of 64 bits over IPv6.
 * The Linux kernel pads IPv4 AH to 64 bits as well, unless its SA carries the {@code align4} flag, and drops AH whose
 * length is anything else: with HMAC-SHA-256 (a 28-byte header, 32 when aligned to 64 bits), HMAC-SHA-384 (36 / 40),
 * HMAC-SHA-512 (44 / 48) and AES-GMAC (36 / 40), a Linux peer without {@code align4} rejects RFC-sized AH. With
 * {@code align64Ipv4} set, ipsec4j pads IPv4 AH to 64 bits as Linux does (the padding is zeros, part of the ICV field,
 * as RFC 4302 section 3.3.3.2.1 allows). The algorithms with a 96-bit ICV (24-byte AH) are the same either way. KAME
 * and the BSDs pad to 32 bits, as the RFC says; so does ipsec4j by default. On input both sizes are accepted whatever
 * the setting, over IPv4 and IPv6. The setting is gateway-wide because the SA model has no per-SA flag for it (Linux's
 * {@code align4} is per SA); it is the configuration property {@value #AH_ALIGN64} of the AH component.
 *
 * @param align64Ipv4 pad IPv4 AH to 64 bits (Linux without {@code align4}) instead of 32 bits (RFC 4302, KAME)
 * @param ttl         the outer IPv4 TTL in tunnel mode
 * @param hopLimit    the outer IPv6 hop limit in tunnel mode
 */
public record AhOptions(boolean align64Ipv4, int ttl, int hopLimit) {
    /** The sysctl-style name of {@link #align64Ipv4()}, as the AH component's configuration property. */
    public static final String AH_ALIGN64 = "net.inet.ipsec.ah_align64";

    /** RFC 4302 padding, TTL and hop limit 64. */
    public static final AhOptions DEFAULTS = new AhOptions(false, 64, 64);

    public AhOptions {
        if (ttl < 1 || ttl > 255 || hopLimit < 1 || hopLimit > 255) {
            throw new IllegalArgumentException("TTL and hop limit must be 1 to 255");
        }
    }

    /** These options with {@link #align64Ipv4()} set as given. */
    public AhOptions withAlign64Ipv4(boolean align64) {
        return new AhOptions(align64, ttl, hopLimit);
    }
}
