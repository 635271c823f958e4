package org.ipsec4j.cipher.bc;

import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.ipsec4j.algorithms.support.KeyedContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.EncryptionContext;

/**
 * AES-CTR for ESP (RFC 3686) over Bouncy Castle's AES engine: the counter block is the key's last 4 bytes (the
 * nonce), the packet's 8-byte IV and a 32-bit big-endian block counter starting at 1.
 */
final class BcCtrContext extends KeyedContext implements EncryptionContext {
    private final BlockCipher aes = AESEngine.newInstance();
    private final byte[] counter = new byte[16];
    private final byte[] keystream = new byte[16];

    BcCtrContext(AlgorithmDescriptor descriptor, byte[] key) {
        super(descriptor);
        int aesLen = key.length - 4;
        KeyParameter k = new KeyParameter(key, 0, aesLen);
        aes.init(true, k);
        Arrays.fill(k.getKey(), (byte) 0);
        System.arraycopy(key, aesLen, counter, 0, 4);
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
        System.arraycopy(iv, ivOff, counter, 4, 8);
        counter[12] = 0;
        counter[13] = 0;
        counter[14] = 0;
        counter[15] = 1;
        for (int done = 0; done < len; done += 16) {
            aes.processBlock(counter, 0, keystream, 0);
            int n = Math.min(16, len - done);
            for (int i = 0; i < n; i++) {
                buf[off + done + i] ^= keystream[i];
            }
            for (int i = 15; i >= 12 && ++counter[i] == 0; i--) {
                // carry into the next byte of the block counter
            }
        }
        Arrays.fill(keystream, (byte) 0);
    }

    @Override
    protected void wipe() {
        Arrays.fill(counter, (byte) 0);
    }
}
