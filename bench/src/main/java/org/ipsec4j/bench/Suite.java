package org.ipsec4j.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.packet.EspHeader;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;

/**
 * The ESP algorithm combinations the benchmarks measure, by the name a JMH {@code suite} parameter gives them: the
 * setkey names of the encryption (or combined-mode) and integrity algorithms, the key sizes, and the JCE names of the
 * raw baseline that does the same cryptographic work.
 */
enum Suite {
    AES_GCM_16("aes-gcm-16", "aes-gcm-16", 160, null, 0, "AES/GCM/NoPadding", "AES", null),
    AES_CBC_SHA1("aes-cbc+hmac-sha1", "aes-cbc", 128, "hmac-sha1", 160, "AES/CBC/NoPadding", "AES", "HmacSHA1"),
    AES_CBC_SHA256("aes-cbc+hmac-sha256", "aes-cbc", 128, "hmac-sha256", 256, "AES/CBC/NoPadding", "AES",
            "HmacSHA256"),
    CHACHA20_POLY1305("chacha20-poly1305", "chacha20-poly1305", 288, null, 0, "ChaCha20-Poly1305", "ChaCha20", null),
    TRIPLE_DES_SHA1("3des-cbc+hmac-sha1", "3des-cbc", 192, "hmac-sha1", 160, "DESede/CBC/NoPadding", "DESede",
            "HmacSHA1"),
    NULL_SHA256("null+hmac-sha256", "null", 0, "hmac-sha256", 256, null, null, "HmacSHA256"),
    /**
     * ESP with the null cipher and no integrity ({@code -E null}, no {@code -A}): no cryptography at all, so what it
     * costs is ESP's own work per packet. ESP only: it has no raw counterpart.
     */
    NULL("null", "null", 0, null, 0, null, null, null);

    static final InetAddress SOURCE = ip("192.0.2.1");
    static final InetAddress DESTINATION = ip("198.51.100.2");
    static final int SPI = 0x1000;

    /** The value of the JMH {@code suite} parameter. */
    final String id;
    final String encryption;
    /** Key bits as setkey takes them: the salt or nonce of a combined mode included. */
    final int encryptionKeyBits;
    final String integrity;
    final int integrityKeyBits;
    /** The raw baseline's cipher transformation, or null (no encryption). */
    final String jceCipher;
    final String jceKeyAlgorithm;
    /** The raw baseline's MAC, or null (a combined mode). */
    final String jceMac;

    Suite(String id, String encryption, int encryptionKeyBits, String integrity, int integrityKeyBits,
            String jceCipher, String jceKeyAlgorithm, String jceMac) {
        this.id = id;
        this.encryption = encryption;
        this.encryptionKeyBits = encryptionKeyBits;
        this.integrity = integrity;
        this.integrityKeyBits = integrityKeyBits;
        this.jceCipher = jceCipher;
        this.jceKeyAlgorithm = jceKeyAlgorithm;
        this.jceMac = jceMac;
    }

    static Suite of(String id) {
        for (Suite s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no suite " + id);
    }

    boolean combined() {
        return integrity == null && jceCipher != null;
    }

    /** Explicit IV bytes in each ESP packet. */
    int ivSize() {
        return combined() ? 8 : jceCipher == null ? 0 : jceCipher.startsWith("DESede") ? 8 : 16;
    }

    /** Payload, padding and trailer fill a multiple of this. */
    int alignment() {
        return combined() || jceCipher == null ? 4 : ivSize();
    }

    int icvSize() {
        return combined() ? 16 : integrity == null ? 0 : integrity.equals("hmac-sha1") ? 12 : 16;
    }

    /** The bytes ESP encrypts for a payload of {@code payload} bytes: payload, padding, pad length, next header. */
    int textLength(int payload) {
        return payload + EspHeader.padFor(payload, alignment()) + EspHeader.TRAILER_LENGTH;
    }

    /** A deterministic key of {@code bits} bits, distinct per {@code seed}. */
    static byte[] key(int bits, int seed) {
        byte[] k = new byte[bits / 8];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (seed * 31 + i + 1);
        }
        return k;
    }

    /** A transport-mode ESP SA with this suite's algorithms and a replay window of {@code replayBytes} bytes. */
    SecurityAssociation sa(int replayBytes) {
        SecurityAssociation.Builder b = SecurityAssociation.builder(SOURCE, DESTINATION, SaProtocol.ESP, SPI)
                .mode(IpsecMode.TRANSPORT).replayWindowBytes(replayBytes)
                .encryption(new AlgorithmKey(encryption, key(encryptionKeyBits, 1)));
        if (integrity != null) {
            b.authentication(new AlgorithmKey(integrity, key(integrityKeyBits, 2)));
        }
        return b.build();
    }

    /** Which providers serve this suite in {@code registry}, e.g. {@code jce/jce}. */
    String providers(AlgorithmRegistry registry) {
        String enc = registry.find(combined() ? AlgorithmKind.AEAD : AlgorithmKind.ENCRYPTION, encryption)
                .map(AlgorithmProvider::providerName).orElse("none");
        return integrity == null ? enc
                : enc + "/" + registry.find(AlgorithmKind.INTEGRITY, integrity)
                        .map(AlgorithmProvider::providerName).orElse("none");
    }

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
