package org.ipsec4j.bench;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A CBC cipher with an HMAC, or the HMAC alone (the null cipher), on JCE objects from the JDK's default provider
 * (SunJCE). Each {@link Cipher} is initialised once with a fixed IV and runs {@code doFinal} in place per packet (which
 * returns it to that IV): the cheapest use the JCE offers, without a per-packet {@code init}. The HMAC covers the ESP
 * header, IV and ciphertext; its first {@code icv} bytes are the ICV, compared in constant time. Optionally the
 * cipher's output goes through a scratch array and is copied back, as {@code cipher-jce} does it.
 */
final class RawCbcHmac extends PacketCrypto {
    private final Cipher encryptor;
    private final Cipher decryptor;
    private final Mac mac;
    private final byte[] full;
    /** Null: {@code doFinal} in place; else its output goes here and is copied back. */
    private final byte[] scratch;

    RawCbcHmac(Suite s, boolean throughScratch) throws GeneralSecurityException {
        super(s.icvSize());
        this.scratch = throughScratch ? new byte[Packets.CAPACITY] : null;
        if (s.jceCipher != null) {
            SecretKeySpec key = new SecretKeySpec(Suite.key(s.encryptionKeyBits, 1), s.jceKeyAlgorithm);
            IvParameterSpec iv = new IvParameterSpec(new byte[s.ivSize()]);
            encryptor = Cipher.getInstance(s.jceCipher);
            encryptor.init(Cipher.ENCRYPT_MODE, key, iv);
            decryptor = Cipher.getInstance(s.jceCipher);
            decryptor.init(Cipher.DECRYPT_MODE, key, iv);
        } else {
            encryptor = null;
            decryptor = null;
        }
        mac = Mac.getInstance(s.jceMac);
        mac.init(new SecretKeySpec(Suite.key(s.integrityKeyBits, 2), s.jceMac));
        full = new byte[mac.getMacLength()];
    }

    @Override
    void seal(byte[] buf, int espOff, int ivOff, int dataOff, int textLen) throws GeneralSecurityException {
        if (encryptor != null) {
            crypt(encryptor, buf, dataOff, textLen);
        }
        int icvOff = dataOff + textLen;
        mac.update(buf, espOff, icvOff - espOff);
        mac.doFinal(full, 0);
        System.arraycopy(full, 0, buf, icvOff, icv);
    }

    @Override
    boolean open(byte[] buf, int espOff, int ivOff, int dataOff, int textLen) throws GeneralSecurityException {
        int icvOff = dataOff + textLen;
        mac.update(buf, espOff, icvOff - espOff);
        mac.doFinal(full, 0);
        int diff = 0;
        for (int i = 0; i < icv; i++) {
            diff |= full[i] ^ buf[icvOff + i];
        }
        if (diff != 0) {
            return false;
        }
        if (decryptor != null) {
            crypt(decryptor, buf, dataOff, textLen);
        }
        return true;
    }

    private void crypt(Cipher c, byte[] buf, int off, int len) throws GeneralSecurityException {
        if (scratch == null) {
            c.doFinal(buf, off, len, buf, off);
        } else {
            int n = c.doFinal(buf, off, len, scratch, 0);
            System.arraycopy(scratch, 0, buf, off, n);
        }
    }
}
