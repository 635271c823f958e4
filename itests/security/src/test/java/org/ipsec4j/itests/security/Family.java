package org.ipsec4j.itests.security;

import java.util.List;

/**
 * One kind of protection the tests attack: an SA from a sender of its own to the receiver, the sender's {@code out}
 * policy that selects it and the receiver's {@code in} policy that requires it. Each family has its own source
 * address, so that a packet's source picks its policy on both sides.
 *
 * @param name        what the tests call it
 * @param sa          the SA, a setkey {@code add} statement without the replay option and the final {@code ;}
 * @param rule        the policy's rule, e.g. {@code esp/transport//require}
 * @param selector    the policy's selector: source, destination and upper layer
 * @param integrity   whether the SA has an ICV (ESP with integrity or AEAD, AH): forgeries must fail
 * @param inner       the plaintext packet's source and destination: the SA's endpoints, or a tunnel's inner hosts
 */
record Family(String name, String sa, String rule, String selector, boolean integrity, String[] inner) {
    /** The receiver's address of the IPv4 families. */
    static final String RECEIVER4 = "192.0.2.2";
    /** The receiver's address of the IPv6 families. */
    static final String RECEIVER6 = "2001:db8::2";

    static final Family AES_GCM = transport("aes-gcm", "192.0.2.11", RECEIVER4, "esp", 0x1011,
            "-E aes-gcm-16 0x6b3f9a0c51e27d84c0f1a2b3c4d5e6f708192a3b", true);
    static final Family AES_CBC_SHA256 = transport("aes-cbc+hmac-sha256", "192.0.2.12", RECEIVER4, "esp", 0x1022,
            "-E aes-cbc 0x2f8e4d1c0b9a87654321fedcba987654"
                    + " -A hmac-sha256 0x9c1d2e3f405162738495a6b7c8d9eafb0c1d2e3f405162738495a6b7c8d9eaf0", true);
    static final Family CHACHA20_POLY1305 = transport("chacha20-poly1305", "192.0.2.13", RECEIVER4, "esp", 0x1044,
            "-E chacha20-poly1305 0x51a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80deadbeef", true);
    static final Family NULL_SHA256 = transport("null+hmac-sha256", "192.0.2.14", RECEIVER4, "esp", 0x1088,
            "-E null -A hmac-sha256 0x0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", true);
    static final Family AH_SHA1 = transport("ah hmac-sha1", "192.0.2.15", RECEIVER4, "ah", 0x1101,
            "-A hmac-sha1 0x3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f", true);
    static final Family IPCOMP = transport("ipcomp deflate", "192.0.2.16", RECEIVER4, "ipcomp", 0x1202,
            "-C deflate", false);
    static final Family ESP_TUNNEL = new Family("esp tunnel aes-cbc+hmac-sha256",
            "add 192.0.2.17 192.0.2.2 esp 0x1404 -m tunnel -E aes-cbc 0xa1b2c3d4e5f60718293a4b5c6d7e8f90"
                    + " -A hmac-sha256 0x1122334455667788990011223344556677889900112233445566778899001122",
            "esp/tunnel/192.0.2.17-192.0.2.2/require", "198.51.100.10 203.0.113.10 any", true,
            new String[] {"198.51.100.10", "203.0.113.10"});
    static final Family AES_GCM_V6 = transport("aes-gcm ipv6", "2001:db8::11", RECEIVER6, "esp", 0x1808,
            "-E aes-gcm-16 0x0a1b2c3d4e5f60718293a4b5c6d7e8f901234567", true);
    static final Family AH_SHA256_V6 = transport("ah hmac-sha256 ipv6", "2001:db8::15", RECEIVER6, "ah", 0x1330,
            "-A hmac-sha256 0xfedcba98765432100123456789abcdeffedcba98765432100123456789abcdef", true);

    // SPIs differ in at least two bits, so that no single bit flip turns one SA's SPI into another's.

    /** Every family, in a fixed order (fuzz inputs pick one by index). */
    static final List<Family> ALL = List.of(AES_GCM, AES_CBC_SHA256, CHACHA20_POLY1305, NULL_SHA256, AH_SHA1, IPCOMP,
            ESP_TUNNEL, AES_GCM_V6, AH_SHA256_V6);

    private static Family transport(String name, String src, String dst, String protocol, int spi, String algorithms,
            boolean integrity) {
        return new Family(name, "add " + src + " " + dst + " " + protocol + " " + spi + " -m transport " + algorithms,
                protocol + "/transport//require", src + " " + dst + " any", integrity, new String[] {src, dst});
    }

    /** The SA's SPI (or CPI). */
    int spi() {
        return Integer.decode(sa.split(" ")[4]);
    }

    boolean ah() {
        return rule.startsWith("ah/");
    }

    boolean ipv4() {
        return !inner[0].contains(":");
    }

    /** The SA's source: the sender. */
    String sender() {
        return sa.split(" ")[1];
    }

    /** The SA statement, with a replay window of {@code replayBytes} (none when 0). */
    String saStatement(int replayBytes) {
        if (replayBytes == 0 || rule.startsWith("ipcomp/")) {
            return sa + " ;\n";
        }
        return sa.replaceFirst(" -([EAC]) ", " -r " + replayBytes + " -$1 ") + " ;\n"; // extensions go first
    }

    String outPolicy() {
        return "spdadd " + selector + " -P out ipsec " + rule + " ;\n";
    }

    String inPolicy() {
        return "spdadd " + selector + " -P in ipsec " + rule + " ;\n";
    }

    @Override
    public String toString() {
        return name;
    }
}
