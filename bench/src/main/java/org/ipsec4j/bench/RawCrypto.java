package org.ipsec4j.bench;

import java.security.GeneralSecurityException;

/**
 * The cryptographic work of one ESP packet done straight on the JCE, as the ceiling ESP can reach: the same bytes
 * encrypted and authenticated at the same offsets of the same buffer, with {@code Cipher} and {@code Mac} objects and
 * keys made once and reused, in place with the offset APIs. No ESP header, padding or trailer is written, no IP
 * header touched, no sequence number taken.
 */
abstract class RawCrypto {
    /** The ICV of the ESP packet (truncated HMAC, or the AEAD tag). */
    final int icv;

    RawCrypto(int icv) {
        this.icv = icv;
    }

    static RawCrypto of(Suite s) throws GeneralSecurityException {
        return s.combined() ? new RawAead(s) : new RawCbcHmac(s);
    }

    /**
     * Encrypts {@code buf[dataOff, dataOff + textLen)} in place and writes the ICV behind it; the IV is at
     * {@code ivOff}, the ESP header (authenticated) at {@code espOff}.
     */
    abstract void seal(byte[] buf, int espOff, int ivOff, int dataOff, int textLen) throws GeneralSecurityException;

    /** Verifies the ICV behind {@code textLen} bytes of ciphertext and decrypts them in place; false if it is wrong. */
    abstract boolean open(byte[] buf, int espOff, int ivOff, int dataOff, int textLen) throws GeneralSecurityException;
}
