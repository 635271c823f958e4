package org.ipsec4j.api.crypto;

/** What an algorithm does, and so which context its provider makes. */
public enum AlgorithmKind {
    /** A cipher without integrity ({@code -E des-cbc}); makes an {@link EncryptionContext}. */
    ENCRYPTION,
    /** An integrity algorithm ({@code -A hmac-sha256}); makes an {@link IntegrityContext}. */
    INTEGRITY,
    /** Combined-mode encryption and integrity ({@code -E aes-gcm-16}); makes an {@link AeadContext}. */
    AEAD,
    /** A compression algorithm ({@code -C deflate}); makes a {@link CompressionContext}. */
    COMPRESSION
}
