package org.ipsec4j.api.crypto;

/**
 * A keyed cipher without integrity. Works in place. The IV ({@code ivSize} bytes of the descriptor) must not overlap
 * the data. Counter mode ({@code aes-ctr}, RFC 3686) builds its counter block from the key's last 4 bytes (the nonce),
 * the 8-byte IV and a block counter starting at 1. {@code des-32iv} and {@code des-deriv} take a 4-byte IV and extend
 * it to 8 bytes as {@code iv || ~iv}, as KAME does.
 */
public interface EncryptionContext extends AlgorithmContext {
    /**
     * Encrypts {@code buf[off..off+len)} in place with the explicit IV {@code iv[ivOff..ivOff+ivSize)}. {@code len} is a
     * multiple of the block size.
     *
     * @throws IllegalArgumentException when {@code len} is not a multiple of the block size (callers check the lengths
     *                                  of untrusted packets before)
     */
    void encrypt(byte[] iv, int ivOff, byte[] buf, int off, int len);

    /** Decrypts {@code buf[off..off+len)} in place; the same rules as {@link #encrypt}. */
    void decrypt(byte[] iv, int ivOff, byte[] buf, int off, int len);
}
