package org.ipsec4j.api.crypto;

/**
 * A keyed combined-mode algorithm as ESP uses it (RFC 4106, RFC 4309, RFC 4543, RFC 7634): the nonce is the key's
 * salt (its last 4 bytes) followed by the 8-byte explicit IV; the ICV follows the ciphertext. Works in place.
 *
 * <p>{@code aes-gmac} (RFC 4543) encrypts nothing: {@link #seal} authenticates {@code aad}, then the IV, then
 * {@code buf[off..off+len)} (RFC 4543 section 3.5 puts the IV into the AAD) and leaves {@code buf} as it was.
 *
 * <p>The IV must never repeat under one key: {@link #seal} throws {@link IllegalStateException} when it is the same as
 * the IV of the previous {@link #seal} (JCE and Bouncy Castle both refuse it). The IV bytes must not overlap
 * {@code buf[off..off+len+icvSize)}.
 */
public interface AeadContext extends AlgorithmContext {
    /**
     * Encrypts {@code buf[off..off+len)} in place and writes the ICV to {@code buf[off+len..off+len+icvSize)}.
     * {@code aad[aadOff..aadOff+aadLen)} is authenticated, not encrypted.
     */
    void seal(byte[] iv, int ivOff, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len);

    /**
     * Verifies and decrypts {@code buf[off..off+len)} in place, whose ICV is at {@code buf[off+len..off+len+icvSize)}.
     * Returns false when the ICV does not verify; the bytes of {@code buf[off..off+len)} are then unspecified (a
     * provider may have decrypted them already) and the packet must be dropped. Never throws for bad packets.
     */
    boolean open(byte[] iv, int ivOff, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len);
}
