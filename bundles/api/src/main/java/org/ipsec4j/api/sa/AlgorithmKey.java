package org.ipsec4j.api.sa;

import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * An algorithm's setkey name with its key, as given to {@code -E}, {@code -A} or {@code -C}. The key is copied in and
 * out; {@link #destroy()} overwrites this instance's copy with zeros. {@link #toString()} never shows the key.
 */
public final class AlgorithmKey implements Destroyable {
    private final String name;
    private final byte[] key;
    private volatile boolean destroyed;

    /**
     * @param name the algorithm's setkey name, e.g. {@code aes-gcm-16}; a canonical name, not an alias
     * @param key  the key, copied (empty for algorithms without a key)
     */
    public AlgorithmKey(String name, byte[] key) {
        this.name = Objects.requireNonNull(name, "name");
        this.key = key.clone();
    }

    public String name() {
        return name;
    }

    /** A copy of the key, which the caller should zero when done. */
    public byte[] key() {
        if (destroyed) {
            throw new IllegalStateException("key destroyed");
        }
        return key.clone();
    }

    /** The key length in bits. */
    public int keyBits() {
        return key.length * 8;
    }

    /** Whether {@code other} holds the same key, compared in constant time. */
    public boolean sameKey(AlgorithmKey other) {
        return java.security.MessageDigest.isEqual(key, other.key);
    }

    @Override
    public void destroy() {
        Arrays.fill(key, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlgorithmKey k && k.name.equals(name) && java.security.MessageDigest.isEqual(k.key, key);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + key.length;
    }

    @Override
    public String toString() {
        return name + "(" + keyBits() + " bits)";
    }

}
