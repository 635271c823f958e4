package org.ipsec4j.api.crypto;

/** A keyed cipher without integrity. Works in place. */
public interface EncryptionContext extends AlgorithmContext {
    /**
     * Encrypts {@code buf[off..off+len)} in place with the explicit IV {@code iv[ivOff..ivOff+ivSize)}. {@code len} is a
     * multiple of the block size.
     */
    void encrypt(byte[] iv, int ivOff, byte[] buf, int off, int len);

    /** Decrypts {@code buf[off..off+len)} in place. */
    void decrypt(byte[] iv, int ivOff, byte[] buf, int off, int len);
}
