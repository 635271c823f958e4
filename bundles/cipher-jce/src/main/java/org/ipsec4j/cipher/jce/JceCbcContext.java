package org.ipsec4j.cipher.jce;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import org.ipsec4j.algorithms.support.KeyedContext;
import org.ipsec4j.algorithms.support.OutputScratch;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.EncryptionContext;

/**
 * CBC mode on a JCE block cipher (AES, DES, DESede, Blowfish). The two {@link Cipher}s are initialised once, with an
 * all-zero IV; each packet's IV is XORed into the first plaintext block before encryption and into the first decrypted
 * block after decryption, which is CBC with that IV. Since {@code doFinal} returns a cipher to its initial state, no
 * packet needs an {@code init}; with the output going through an {@link OutputScratch}, no packet allocates.
 */
final class JceCbcContext extends KeyedContext implements EncryptionContext {
    private final int block;
    private final RawKey key;
    private final OutputScratch scratch = new OutputScratch();
    private final Cipher encryptor;
    private final Cipher decryptor;
    private final IvParameterSpec zeroIv;

    /** @param jceAlgorithm the JCE name of the block cipher, e.g. {@code AES} */
    JceCbcContext(AlgorithmDescriptor descriptor, String jceAlgorithm, byte[] key) {
        super(descriptor);
        this.block = descriptor.blockSize();
        this.key = new RawKey(jceAlgorithm, key, 0, key.length);
        zeroIv = new IvParameterSpec(new byte[block]);
        encryptor = Jce.cipher(jceAlgorithm + "/CBC/NoPadding");
        decryptor = Jce.cipher(jceAlgorithm + "/CBC/NoPadding");
        Jce.init(encryptor, Cipher.ENCRYPT_MODE, this.key, zeroIv);
        Jce.init(decryptor, Cipher.DECRYPT_MODE, this.key, zeroIv);
    }

    @Override
    public void encrypt(byte[] iv, int ivOff, byte[] buf, int off, int len) {
        ensureOpen();
        checkBlocks(len);
        if (len == 0) {
            return;
        }
        for (int i = 0; i < block; i++) {
            buf[off + i] ^= iv[ivOff + i];
        }
        Jce.cryptInPlace(encryptor, buf, off, len, scratch);
    }

    @Override
    public void decrypt(byte[] iv, int ivOff, byte[] buf, int off, int len) {
        ensureOpen();
        checkBlocks(len);
        if (len == 0) {
            return;
        }
        Jce.cryptInPlace(decryptor, buf, off, len, scratch);
        for (int i = 0; i < block; i++) {
            buf[off + i] ^= iv[ivOff + i];
        }
    }

    @Override
    protected void wipe() {
        Jce.forgetKey(encryptor, Cipher.ENCRYPT_MODE, key, zeroIv);
        Jce.forgetKey(decryptor, Cipher.DECRYPT_MODE, key, zeroIv);
        key.destroy();
        scratch.wipe();
    }
}
