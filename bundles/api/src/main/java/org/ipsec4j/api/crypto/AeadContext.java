package org.ipsec4j.api.crypto;

/**
 * A keyed combined-mode algorithm as ESP uses it (RFC 4106, RFC 4309, RFC 4543, RFC 7634): the nonce is the key's
 * salt followed by the 8-byte explicit IV; the ICV follows the ciphertext. Works in place.
 */
public interface AeadContext extends AlgorithmContext {
    /**
     * Encrypts {@code buf[off..off+len)} in place and writes the ICV to {@code buf[off+len..off+len+icvSize)}.
     * {@code aad[aadOff..aadOff+aadLen)} is authenticated, not encrypted.
     */
    void seal(byte[] iv, int ivOff, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len);

    /**
     * Verifies and decrypts {@code buf[off..off+len)} in place, whose ICV is at {@code buf[off+len..off+len+icvSize)}.
     * Returns false, leaving the plaintext unusable, when the ICV does not verify.
     */
    boolean open(byte[] iv, int ivOff, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len);
}
