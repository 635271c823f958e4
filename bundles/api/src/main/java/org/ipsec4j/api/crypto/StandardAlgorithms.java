package org.ipsec4j.api.crypto;

import java.util.List;
import java.util.Optional;

/**
 * The descriptors of the algorithms ipsec4j knows by their setkey(8) names, shared by every provider so that an SA
 * keeps its block, IV and ICV sizes whichever provider serves it, and the key check that providers apply in
 * {@link AlgorithmProvider#newContext}. Key sizes follow KAME and ipsec-tools; for counter and combined modes the key
 * includes the trailing 32-bit nonce or salt.
 */
public final class StandardAlgorithms {
    private static final KeySizes AES = new KeySizes(128, 256, 64);
    private static final KeySizes AES_WITH_SALT = new KeySizes(160, 288, 64);

    // -E: encryption
    public static final AlgorithmDescriptor DES_CBC = enc("des-cbc", KeySizes.exactly(64), 8, 8);
    public static final AlgorithmDescriptor TRIPLE_DES_CBC = enc("3des-cbc", KeySizes.exactly(192), 8, 8);
    public static final AlgorithmDescriptor NULL_ENCRYPTION =
            new AlgorithmDescriptor("null", List.of("simple"), AlgorithmKind.ENCRYPTION, KeySizes.NONE, 1, 0, 0);
    public static final AlgorithmDescriptor BLOWFISH_CBC = enc("blowfish-cbc", new KeySizes(40, 448, 8), 8, 8);
    public static final AlgorithmDescriptor CAST128_CBC = enc("cast128-cbc", new KeySizes(40, 128, 8), 8, 8);
    /** DES-CBC whose 4-byte IV is the ESP sequence number field (draft-ietf-ipsec-ciph-des-derived), extended to 8. */
    public static final AlgorithmDescriptor DES_DERIV = enc("des-deriv", KeySizes.exactly(64), 8, 4);
    /** DES-CBC with a 4-byte explicit IV (RFC 1829 esp-old), extended to 8 bytes as {@code iv || ~iv}. */
    public static final AlgorithmDescriptor DES_32IV = enc("des-32iv", KeySizes.exactly(64), 8, 4);
    public static final AlgorithmDescriptor AES_CBC =
            new AlgorithmDescriptor("aes-cbc", List.of("rijndael-cbc"), AlgorithmKind.ENCRYPTION, AES, 16, 16, 0);
    public static final AlgorithmDescriptor TWOFISH_CBC = enc("twofish-cbc", AES, 16, 16);
    /** RFC 3686: the key's last 4 bytes are the nonce. */
    public static final AlgorithmDescriptor AES_CTR = enc("aes-ctr", AES_WITH_SALT, 1, 8);
    public static final AlgorithmDescriptor CAMELLIA_CBC = enc("camellia-cbc", AES, 16, 16);

    // -E: combined mode
    public static final AlgorithmDescriptor AES_GCM_16 = aead("aes-gcm-16", AES_WITH_SALT, 16);
    public static final AlgorithmDescriptor AES_GCM_12 = aead("aes-gcm-12", AES_WITH_SALT, 12);
    public static final AlgorithmDescriptor AES_GCM_8 = aead("aes-gcm-8", AES_WITH_SALT, 8);
    /** RFC 4543 ENCR_NULL_AUTH_AES_GMAC: authenticates only. */
    public static final AlgorithmDescriptor AES_GMAC = aead("aes-gmac", AES_WITH_SALT, 16);
    /** RFC 7634: a 256-bit key followed by a 32-bit salt. */
    public static final AlgorithmDescriptor CHACHA20_POLY1305 = aead("chacha20-poly1305", KeySizes.exactly(288), 16);

    // -A: integrity
    public static final AlgorithmDescriptor HMAC_MD5 = auth("hmac-md5", 128, 12);
    public static final AlgorithmDescriptor HMAC_SHA1 = auth("hmac-sha1", 160, 12);
    /** KAME's keyed MD5 of RFC 1828: MD5(key, pad, data, key). */
    public static final AlgorithmDescriptor KEYED_MD5 = auth("keyed-md5", 128, 12);
    /** KAME's keyed SHA-1 of RFC 1852: SHA-1(key, pad, data, key). */
    public static final AlgorithmDescriptor KEYED_SHA1 = auth("keyed-sha1", 160, 12);
    /** RFC 4868 HMAC-SHA-256-128, as the BSDs and IKE use it. */
    public static final AlgorithmDescriptor HMAC_SHA256 = auth("hmac-sha256", 256, 16, "hmac-sha2-256");
    /**
     * HMAC-SHA-256 truncated to 96 bits, the ICV Linux's PF_KEY gives {@code hmac-sha256} (the kernel's
     * {@code hmac(sha256)} with {@code icv_truncbits} 96, from before RFC 4868): for peers keyed by ipsec-tools'
     * setkey on Linux.
     */
    public static final AlgorithmDescriptor HMAC_SHA256_96 = auth("hmac-sha256-96", 256, 12);
    public static final AlgorithmDescriptor HMAC_SHA384 = auth("hmac-sha384", 384, 24, "hmac-sha2-384");
    public static final AlgorithmDescriptor HMAC_SHA512 = auth("hmac-sha512", 512, 32, "hmac-sha2-512");
    public static final AlgorithmDescriptor HMAC_RIPEMD160 = auth("hmac-ripemd160", 160, 12);
    /** RFC 3566 AES-XCBC-MAC-96. */
    public static final AlgorithmDescriptor AES_XCBC_MAC = auth("aes-xcbc-mac", 128, 12);
    /** RFC 4494 AES-CMAC-96. */
    public static final AlgorithmDescriptor AES_CMAC = auth("aes-cmac", 128, 12);
    public static final AlgorithmDescriptor NULL_INTEGRITY =
            new AlgorithmDescriptor("null", List.of(), AlgorithmKind.INTEGRITY, KeySizes.NONE, 0, 0, 0);

    // -C: compression
    public static final AlgorithmDescriptor DEFLATE =
            new AlgorithmDescriptor("deflate", List.of(), AlgorithmKind.COMPRESSION, KeySizes.NONE, 0, 0, 0);

    private static final List<AlgorithmDescriptor> ALL = List.of(DES_CBC, TRIPLE_DES_CBC, NULL_ENCRYPTION,
            BLOWFISH_CBC, CAST128_CBC, DES_DERIV, DES_32IV, AES_CBC, TWOFISH_CBC, AES_CTR, CAMELLIA_CBC, AES_GCM_16,
            AES_GCM_12, AES_GCM_8, AES_GMAC, CHACHA20_POLY1305, HMAC_MD5, HMAC_SHA1, KEYED_MD5, KEYED_SHA1, HMAC_SHA256,
            HMAC_SHA256_96, HMAC_SHA384, HMAC_SHA512, HMAC_RIPEMD160, AES_XCBC_MAC, AES_CMAC, NULL_INTEGRITY, DEFLATE);

    /** The DES weak and semi-weak keys (FIPS 74), compared without their parity bits. */
    private static final long[] WEAK_DES_KEYS = {
        0x0101010101010101L, 0xFEFEFEFEFEFEFEFEL, 0xE0E0E0E0F1F1F1F1L, 0x1F1F1F1F0E0E0E0EL,
        0x011F011F010E010EL, 0x1F011F010E010E01L, 0x01E001E001F101F1L, 0xE001E001F101F101L,
        0x01FE01FE01FE01FEL, 0xFE01FE01FE01FE01L, 0x1FE01FE00EF10EF1L, 0xE01FE01FF10EF10EL,
        0x1FFE1FFE0EFE0EFEL, 0xFE1FFE1FFE0EFE0EL, 0xE0FEE0FEF1FEF1FEL, 0xFEE0FEE0FEF1FEF1L,
    };
    private static final long PARITY_BITS = 0x0101010101010101L;

    private StandardAlgorithms() {
    }

    /** Every standard algorithm: encryption, combined mode, integrity, compression. */
    public static List<AlgorithmDescriptor> all() {
        return ALL;
    }

    /** The standard algorithm of {@code kind} that answers to {@code name} (its name or an alias). */
    public static Optional<AlgorithmDescriptor> find(AlgorithmKind kind, String name) {
        for (AlgorithmDescriptor d : ALL) {
            if (d.kind() == kind && d.answersTo(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks {@code key} for the algorithm {@code d}: its length must be one the descriptor accepts, and the DES
     * algorithms refuse weak and semi-weak keys (each third of a 3DES key on its own), as KAME does; unlike KAME the
     * comparison ignores the parity bits, which DES ignores too.
     *
     * @throws IllegalArgumentException with a message naming the algorithm, e.g.
     *                                  {@code des-cbc: key of 72 bits, expected 64 bits}
     */
    public static void checkKey(AlgorithmDescriptor d, byte[] key) {
        int bits = key.length * 8;
        if (!d.keySizes().accepts(bits)) {
            throw new IllegalArgumentException(d.name() + ": key of " + bits + " bits, expected "
                    + d.keySizes().describe());
        }
        switch (d.name()) {
            case "des-cbc", "des-deriv", "des-32iv" -> {
                if (isWeakDesKey(key, 0)) {
                    throw new IllegalArgumentException(d.name() + ": weak DES key");
                }
            }
            case "3des-cbc" -> {
                for (int part = 0; part < 3; part++) {
                    if (isWeakDesKey(key, part * 8)) {
                        throw new IllegalArgumentException(d.name() + ": part " + (part + 1) + " of the key is a "
                                + "weak DES key");
                    }
                }
            }
            default -> {
            }
        }
    }

    /** Whether {@code key[off..off+8)} is a DES weak or semi-weak key, whatever its parity bits. */
    public static boolean isWeakDesKey(byte[] key, int off) {
        long k = 0;
        for (int i = 0; i < 8; i++) {
            k = (k << 8) | (key[off + i] & 0xFF);
        }
        k |= PARITY_BITS;
        for (long weak : WEAK_DES_KEYS) {
            if (k == (weak | PARITY_BITS)) {
                return true;
            }
        }
        return false;
    }

    private static AlgorithmDescriptor enc(String name, KeySizes sizes, int block, int iv) {
        return new AlgorithmDescriptor(name, List.of(), AlgorithmKind.ENCRYPTION, sizes, block, iv, 0);
    }

    private static AlgorithmDescriptor aead(String name, KeySizes sizes, int icv) {
        return new AlgorithmDescriptor(name, List.of(), AlgorithmKind.AEAD, sizes, 1, 8, icv);
    }

    private static AlgorithmDescriptor auth(String name, int keyBits, int icv, String... aliases) {
        return new AlgorithmDescriptor(name, List.of(aliases), AlgorithmKind.INTEGRITY, KeySizes.exactly(keyBits), 0,
                0, icv);
    }
}
