package org.ipsec4j.api.sa;

import java.util.Optional;

/**
 * The SA types of setkey(8) (PF_KEY {@code SADB_SATYPE_*}), with the IP protocol number their packets carry.
 */
public enum SaProtocol {
    /** ESP, RFC 4303 (new format: replay counter, optional integrity). */
    ESP("esp", 50),
    /** ESP in its RFC 1827 form: no sequence number, no integrity; 4- or 8-byte IV. */
    ESP_OLD("esp-old", 50),
    /** ESP in UDP, RFC 3948 (NAT traversal). */
    ESP_UDP("esp-udp", 50),
    /** AH, RFC 4302. */
    AH("ah", 51),
    /** AH in its RFC 1826 form: keyed MD5/SHA-1, no sequence number. */
    AH_OLD("ah-old", 51),
    /** IPComp, RFC 3173. */
    IPCOMP("ipcomp", 108),
    /** TCP-MD5 signatures, RFC 2385 (stored; not a packet transform of ipsec4j). */
    TCP("tcp", 6);

    private final String setkeyName;
    private final int ipProtocol;

    SaProtocol(String setkeyName, int ipProtocol) {
        this.setkeyName = setkeyName;
        this.ipProtocol = ipProtocol;
    }

    /** The name setkey(8) uses for this SA type, e.g. {@code esp}. */
    public String setkeyName() {
        return setkeyName;
    }

    /** The IP protocol number of this SA type's packets (50, 51, 108, 6). */
    public int ipProtocol() {
        return ipProtocol;
    }

    /** The SA type setkey(8) calls {@code name}, if any. */
    public static Optional<SaProtocol> fromSetkeyName(String name) {
        for (SaProtocol p : values()) {
            if (p.setkeyName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
