package org.ipsec4j.bench;

import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM or ChaCha20-Poly1305 on one JCE {@link Cipher} (the JDK's default provider, SunJCE): an {@code init} per
 * packet (the JCE has no other way to change the nonce) with a new parameter spec, the 8-byte ESP header as AAD, then
 * {@code doFinal} in place. The nonce is the key's 4-byte salt and the packet's 8-byte IV, as RFC 4106 and RFC 7634
 * build it; sealing writes a counter as the IV. Optionally the output goes through a scratch array and is copied back,
 * as {@code cipher-jce} does it.
 */
final class RawAead extends PacketCrypto {
    private final boolean gcm;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] nonce = new byte[12];
    /** Null: {@code doFinal} in place; else its output goes here and is copied back. */
    private final byte[] scratch;
    private long counter;

    RawAead(Suite s, boolean throughScratch) throws GeneralSecurityException {
        super(16);
        this.scratch = throughScratch ? new byte[Packets.CAPACITY] : null;
        byte[] k = Suite.key(s.encryptionKeyBits, 1);
        this.key = new SecretKeySpec(k, 0, k.length - 4, s.jceKeyAlgorithm);
        System.arraycopy(k, k.length - 4, nonce, 0, 4);
        this.gcm = s.jceCipher.startsWith("AES/GCM");
        this.cipher = Cipher.getInstance(s.jceCipher);
    }

    @Override
    void seal(byte[] buf, int espOff, int ivOff, int dataOff, int textLen) throws GeneralSecurityException {
        long c = ++counter;
        for (int i = 0; i < 8; i++) {
            buf[ivOff + i] = (byte) (c >>> (56 - 8 * i));
        }
        System.arraycopy(buf, ivOff, nonce, 4, 8);
        cipher.init(Cipher.ENCRYPT_MODE, key, spec());
        cipher.updateAAD(buf, espOff, 8);
        if (scratch == null) {
            cipher.doFinal(buf, dataOff, textLen, buf, dataOff);
        } else {
            int n = cipher.doFinal(buf, dataOff, textLen, scratch, 0);
            System.arraycopy(scratch, 0, buf, dataOff, n);
        }
    }

    @Override
    boolean open(byte[] buf, int espOff, int ivOff, int dataOff, int textLen) throws GeneralSecurityException {
        System.arraycopy(buf, ivOff, nonce, 4, 8);
        cipher.init(Cipher.DECRYPT_MODE, key, spec());
        cipher.updateAAD(buf, espOff, 8);
        try {
            if (scratch == null) {
                cipher.doFinal(buf, dataOff, textLen + icv, buf, dataOff);
            } else {
                int n = cipher.doFinal(buf, dataOff, textLen + icv, scratch, 0);
                System.arraycopy(scratch, 0, buf, dataOff, n);
            }
            return true;
        } catch (AEADBadTagException e) {
            return false;
        }
    }

    private AlgorithmParameterSpec spec() {
        return gcm ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce);
    }
}
