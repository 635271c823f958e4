package org.ipsec4j.itests.interop;

import java.util.List;

/**
 * One ESP algorithm with one key length, under the names ipsec4j's setkey, scapy 2.5 ({@code scapy.layers.ipsec})
 * and Wireshark 4.0's {@code esp_sa} table give it; a null name means that implementation lacks the algorithm.
 *
 * @param setkey    the setkey(8) name
 * @param keyBits   the key length given to setkey, salt or nonce included (counter and combined modes)
 * @param scapy     scapy's {@code crypt_algo} or {@code auth_algo}
 * @param wireshark the value of the {@code esp_sa} table's algorithm column
 * @param kind      what the algorithm does in ESP
 */
record EspAlgorithm(String setkey, int keyBits, String scapy, String wireshark, Kind kind) {

    /** Encryption, combined mode (AEAD) or integrity. */
    enum Kind { ENCRYPTION, AEAD, INTEGRITY }

    static final EspAlgorithm NULL_ENC = enc("null", 0, "NULL", "NULL");
    static final EspAlgorithm DES = enc("des-cbc", 64, "DES", "DES-CBC [RFC2405]");
    static final EspAlgorithm TRIPLE_DES = enc("3des-cbc", 192, "3DES", "TripleDES-CBC [RFC2451]");
    static final EspAlgorithm AES_CBC_128 = enc("aes-cbc", 128, "AES-CBC", "AES-CBC [RFC3602]");
    static final EspAlgorithm AES_CBC_192 = enc("aes-cbc", 192, "AES-CBC", "AES-CBC [RFC3602]");
    static final EspAlgorithm AES_CBC_256 = enc("aes-cbc", 256, "AES-CBC", "AES-CBC [RFC3602]");
    static final EspAlgorithm AES_CTR_128 = enc("aes-ctr", 160, "AES-CTR", "AES-CTR [RFC3686]");
    static final EspAlgorithm AES_CTR_192 = enc("aes-ctr", 224, "AES-CTR", "AES-CTR [RFC3686]");
    static final EspAlgorithm AES_CTR_256 = enc("aes-ctr", 288, "AES-CTR", "AES-CTR [RFC3686]");
    static final EspAlgorithm BLOWFISH_128 = enc("blowfish-cbc", 128, "Blowfish", "BLOWFISH-CBC [RFC2451]");
    static final EspAlgorithm BLOWFISH_40 = enc("blowfish-cbc", 40, "Blowfish", null);
    static final EspAlgorithm BLOWFISH_448 = enc("blowfish-cbc", 448, "Blowfish", null);
    static final EspAlgorithm CAST_128 = enc("cast128-cbc", 128, "CAST", "CAST5-CBC [RFC2144]");
    /** Below 80 bits CAST-128 runs 12 rounds instead of 16 (RFC 2144 section 2.5). */
    static final EspAlgorithm CAST_40 = enc("cast128-cbc", 40, "CAST", null);
    static final EspAlgorithm CAST_80 = enc("cast128-cbc", 80, "CAST", null);
    static final EspAlgorithm TWOFISH_128 = enc("twofish-cbc", 128, null, "TWOFISH-CBC");
    static final EspAlgorithm TWOFISH_256 = enc("twofish-cbc", 256, null, "TWOFISH-CBC");
    static final EspAlgorithm AES_GCM_16_128 = aead("aes-gcm-16", 160, "AES-GCM", "AES-GCM with 16 octet ICV [RFC4106]");
    static final EspAlgorithm AES_GCM_16_192 = aead("aes-gcm-16", 224, "AES-GCM", "AES-GCM with 16 octet ICV [RFC4106]");
    static final EspAlgorithm AES_GCM_16_256 = aead("aes-gcm-16", 288, "AES-GCM", "AES-GCM with 16 octet ICV [RFC4106]");
    /** scapy 2.5 cannot truncate GCM tags: its AESGCM call always makes and expects 16 bytes. */
    static final EspAlgorithm AES_GCM_12_128 = aead("aes-gcm-12", 160, null, "AES-GCM with 12 octet ICV [RFC4106]");
    static final EspAlgorithm AES_GCM_8_256 = aead("aes-gcm-8", 288, null, "AES-GCM with 8 octet ICV [RFC4106]");
    static final EspAlgorithm CHACHA20_POLY1305 = aead("chacha20-poly1305", 288, "CHACHA20-POLY1305", null);

    static final EspAlgorithm NULL_AUTH = auth("null", 0, "NULL", "NULL");
    static final EspAlgorithm HMAC_MD5 = auth("hmac-md5", 128, "HMAC-MD5-96", "HMAC-MD5-96 [RFC2403]");
    static final EspAlgorithm HMAC_SHA1 = auth("hmac-sha1", 160, "HMAC-SHA1-96", "HMAC-SHA-1-96 [RFC2404]");
    static final EspAlgorithm HMAC_SHA256 = auth("hmac-sha256", 256, "SHA2-256-128", "HMAC-SHA-256-128 [RFC4868]");
    /** HMAC-SHA-256 with a 96-bit ICV, as Linux's PF_KEY keys {@code hmac-sha256} (pre-RFC 4868 drafts). */
    static final EspAlgorithm HMAC_SHA256_96 = auth("hmac-sha256-96", 256, null,
            "HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]");
    static final EspAlgorithm HMAC_SHA384 = auth("hmac-sha384", 384, "SHA2-384-192", "HMAC-SHA-384-192 [RFC4868]");
    static final EspAlgorithm HMAC_SHA512 = auth("hmac-sha512", 512, "SHA2-512-256", "HMAC-SHA-512-256 [RFC4868]");
    static final EspAlgorithm AES_CMAC = auth("aes-cmac", 128, "AES-CMAC-96", null);
    static final EspAlgorithm HMAC_RIPEMD160 = auth("hmac-ripemd160", 160, null, "MAC-RIPEMD-160-96 [RFC2857]");

    /** scapy's encryption algorithms that ipsec4j has too, one entry per key length tested. */
    static final List<EspAlgorithm> SCAPY_ENCRYPTION = List.of(NULL_ENC, DES, TRIPLE_DES, AES_CBC_128, AES_CTR_128,
            BLOWFISH_128, CAST_128);
    /** scapy's combined-mode algorithms that ipsec4j has too. */
    static final List<EspAlgorithm> SCAPY_AEAD = List.of(AES_GCM_16_128, CHACHA20_POLY1305);
    /** scapy's integrity algorithms, all of which ipsec4j has. */
    static final List<EspAlgorithm> SCAPY_INTEGRITY = List.of(NULL_AUTH, HMAC_MD5, HMAC_SHA1, HMAC_SHA256, HMAC_SHA384,
            HMAC_SHA512, AES_CMAC);
    /** Other key lengths, each tested with one integrity algorithm in every topology. */
    static final List<EspAlgorithm> SCAPY_KEY_LENGTHS = List.of(AES_CBC_192, AES_CBC_256, AES_CTR_192, AES_CTR_256,
            BLOWFISH_40, BLOWFISH_448, CAST_40, CAST_80, AES_GCM_16_192, AES_GCM_16_256);

    private static EspAlgorithm enc(String setkey, int bits, String scapy, String wireshark) {
        return new EspAlgorithm(setkey, bits, scapy, wireshark, Kind.ENCRYPTION);
    }

    private static EspAlgorithm aead(String setkey, int bits, String scapy, String wireshark) {
        return new EspAlgorithm(setkey, bits, scapy, wireshark, Kind.AEAD);
    }

    private static EspAlgorithm auth(String setkey, int bits, String scapy, String wireshark) {
        return new EspAlgorithm(setkey, bits, scapy, wireshark, Kind.INTEGRITY);
    }

    boolean isNull() {
        return setkey.equals("null");
    }

    boolean isAead() {
        return kind == Kind.AEAD;
    }

    /** A short name for test names: {@code aes-cbc-128}, {@code aes-gcm-16-160}, {@code hmac-sha1}. */
    String label() {
        boolean severalLengths = switch (setkey) {
            case "aes-cbc", "aes-ctr", "blowfish-cbc", "cast128-cbc", "twofish-cbc", "aes-gcm-16", "aes-gcm-12",
                    "aes-gcm-8" -> true;
            default -> false;
        };
        return severalLengths ? setkey + "-" + keyBits : setkey;
    }
}
