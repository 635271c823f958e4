package org.ipsec4j.cipher.jce;

import javax.crypto.Cipher;
import org.ipsec4j.algorithms.support.KeyedContext;
import org.ipsec4j.algorithms.support.OutputScratch;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.EncryptionContext;

/**
 * AES-CTR for ESP (RFC 3686): the key's last 4 bytes are the nonce; each packet's counter block is nonce, the 8-byte
 * IV and a 32-bit block counter starting at 1. Encryption and decryption are the same operation.
 */
final class JceCtrContext extends KeyedContext implements EncryptionContext {
    private final RawKey key;
    private final OutputScratch scratch = new OutputScratch();
    private final Cipher cipher = Jce.cipher("AES/CTR/NoPadding");
    private final byte[] counterBlock = new byte[16];
    private final LiveIvSpec counterSpec = new LiveIvSpec(counterBlock);

    JceCtrContext(AlgorithmDescriptor descriptor, byte[] key) {
        super(descriptor);
        int aesLen = key.length - 4;
        this.key = new RawKey("AES", key, 0, aesLen);
        System.arraycopy(key, aesLen, counterBlock, 0, 4);
        counterBlock[15] = 1;
    }

    @Override
    public void encrypt(byte[] iv, int ivOff, byte[] buf, int off, int len) {
        crypt(iv, ivOff, buf, off, len);
    }

    @Override
    public void decrypt(byte[] iv, int ivOff, byte[] buf, int off, int len) {
        crypt(iv, ivOff, buf, off, len);
    }

    private void crypt(byte[] iv, int ivOff, byte[] buf, int off, int len) {
        ensureOpen();
        checkBlocks(len);
        if (len == 0) {
            return;
        }
        System.arraycopy(iv, ivOff, counterBlock, 4, 8);
        Jce.init(cipher, Cipher.ENCRYPT_MODE, key, counterSpec);
        Jce.cryptInPlace(cipher, buf, off, len, scratch);
    }

    @Override
    protected void wipe() {
        Jce.forgetKey(cipher, Cipher.ENCRYPT_MODE, key, counterSpec);
        key.destroy();
        scratch.wipe();
        java.util.Arrays.fill(counterBlock, (byte) 0);
    }
}
