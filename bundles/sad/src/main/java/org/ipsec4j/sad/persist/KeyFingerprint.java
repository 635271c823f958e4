package org.ipsec4j.sad.persist;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SecurityAssociation;

/**
 * The fingerprint of an SA's keys: HMAC-SHA-256, under a random key of the state file, of the algorithm names and
 * keys of {@code -E}, {@code -A} and {@code -C}. Two SAs have one fingerprint exactly when they have the same
 * algorithms and keys; the fingerprint reveals nothing about a key to whoever lacks the state file's key, so keys never
 * reach the disk, and a guessed key cannot be checked against a fingerprint alone.
 */
final class KeyFingerprint {
    /** Bytes of a fingerprint. */
    static final int LENGTH = 32;
    private static final byte[] DOMAIN = "ipsec4j sequence state v1".getBytes(StandardCharsets.US_ASCII);

    private KeyFingerprint() {
    }

    /** The fingerprint of {@code sa}'s keys under {@code fingerprintKey} (32 bytes). */
    static byte[] of(byte[] fingerprintKey, SecurityAssociation sa) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(fingerprintKey, "HmacSHA256"));
            mac.update(DOMAIN);
            add(mac, sa.encryption().orElse(null));
            add(mac, sa.authentication().orElse(null));
            add(mac, sa.compression().orElse(null));
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static void add(Mac mac, AlgorithmKey key) {
        if (key == null) {
            mac.update((byte) 0);
            return;
        }
        byte[] name = key.name().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = key.key();
        try {
            mac.update((byte) 1);
            mac.update(lengthOf(name));
            mac.update(name);
            mac.update(lengthOf(bytes));
            mac.update(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] lengthOf(byte[] b) {
        int n = b.length;
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }
}
