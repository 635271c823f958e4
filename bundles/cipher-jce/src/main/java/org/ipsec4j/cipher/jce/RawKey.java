package org.ipsec4j.cipher.jce;

import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * A secret key whose bytes this bundle owns and can zero: unlike {@link javax.crypto.spec.SecretKeySpec}, whose
 * {@code destroy()} the JDK does not implement. JCE providers call {@link #getEncoded()} when initialised and get a
 * copy (which SunJCE zeroes after use). Never serialised.
 */
final class RawKey implements SecretKey {
    private static final long serialVersionUID = 1L;

    private final String algorithm;
    private final byte[] key;
    private volatile boolean destroyed;

    /** A key of {@code key[off..off+len)} (copied) for the JCE algorithm {@code algorithm}, e.g. {@code AES}. */
    RawKey(String algorithm, byte[] key, int off, int len) {
        this.algorithm = algorithm;
        this.key = Arrays.copyOfRange(key, off, off + len);
    }

    /**
     * A key of this one's algorithm and length whose bytes are a fixed pattern (distinct DES-EDE parts, no weak DES
     * key): what a cipher is re-initialised with to forget this key, see {@link Jce#forgetKey}.
     */
    RawKey throwaway() {
        byte[] pattern = new byte[key.length];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) (0x5a + 13 * i);
        }
        return new RawKey(algorithm, pattern, 0, pattern.length);
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("key destroyed");
        }
        return key.clone();
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
    public String toString() {
        return algorithm + " key (" + key.length * 8 + " bits)";
    }

    private void writeObject(ObjectOutputStream out) throws NotSerializableException {
        throw new NotSerializableException("keys are not serialised");
    }
}
