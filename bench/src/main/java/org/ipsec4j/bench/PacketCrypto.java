package org.ipsec4j.bench;

import java.security.GeneralSecurityException;

/**
 * The cryptographic work of one ESP packet and nothing else: the bytes ESP encrypts and authenticates, at the offsets
 * where ESP has them. No ESP header, padding or trailer is written, no IP header touched, no sequence number taken.
 * {@link RawAead} and {@link RawCbcHmac} do it straight on the JCE, the ceiling ESP can reach; {@link ProviderCrypto}
 * through the algorithm contexts ESP itself uses.
 */
abstract class PacketCrypto {
    /** The ICV of the ESP packet (truncated HMAC, or the AEAD tag). */
    final int icv;

    PacketCrypto(int icv) {
        this.icv = icv;
    }

    /**
     * The raw JCE doing {@code s}'s work, in place, or with the cipher's output going to a scratch array and copied
     * back ({@code throughScratch}).
     */
    static PacketCrypto raw(Suite s, boolean throughScratch) throws GeneralSecurityException {
        return s.combined() ? new RawAead(s, throughScratch) : new RawCbcHmac(s, throughScratch);
    }

    /**
     * Encrypts {@code buf[dataOff, dataOff + textLen)} in place and writes the ICV behind it; the IV is at
     * {@code ivOff}, the ESP header (authenticated) at {@code espOff}.
     */
    abstract void seal(byte[] buf, int espOff, int ivOff, int dataOff, int textLen) throws GeneralSecurityException;

    /** Verifies the ICV behind {@code textLen} bytes of ciphertext and decrypts them in place; false if it is wrong. */
    abstract boolean open(byte[] buf, int espOff, int ivOff, int dataOff, int textLen) throws GeneralSecurityException;
}
