package org.ipsec4j.cipher.bc;

import java.util.Arrays;
import java.util.function.Supplier;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.ipsec4j.algorithms.support.KeyedContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.EncryptionContext;

/**
 * CBC mode over a Bouncy Castle block cipher engine, written out here: two engines keyed once (one per direction), the
 * chaining done in place block by block, nothing allocated per packet. An IV of half a block ({@code des-32iv},
 * {@code des-deriv}) is extended to {@code iv || ~iv} as KAME does.
 */
final class BcCbcContext extends KeyedContext implements EncryptionContext {
    private final int block;
    private final int ivLength;
    private final BlockCipher encryptor;
    private final BlockCipher decryptor;
    private final byte[] chain;
    private final byte[] saved;

    BcCbcContext(AlgorithmDescriptor descriptor, Supplier<BlockCipher> engine, byte[] key) {
        super(descriptor);
        this.block = descriptor.blockSize();
        this.ivLength = descriptor.ivSize();
        KeyParameter k = new KeyParameter(key);
        this.encryptor = engine.get();
        this.decryptor = engine.get();
        encryptor.init(true, k);
        decryptor.init(false, k);
        Arrays.fill(k.getKey(), (byte) 0); // the engines keep their own key schedules
        this.chain = new byte[block];
        this.saved = new byte[block];
    }

    @Override
    public void encrypt(byte[] iv, int ivOff, byte[] buf, int off, int len) {
        ensureOpen();
        checkBlocks(len);
        loadIv(iv, ivOff);
        byte[] prev = chain;
        int prevOff = 0;
        for (int p = off; p < off + len; p += block) {
            for (int i = 0; i < block; i++) {
                buf[p + i] ^= prev[prevOff + i];
            }
            encryptor.processBlock(buf, p, buf, p);
            prev = buf;
            prevOff = p;
        }
    }

    @Override
    public void decrypt(byte[] iv, int ivOff, byte[] buf, int off, int len) {
        ensureOpen();
        checkBlocks(len);
        loadIv(iv, ivOff);
        for (int p = off; p < off + len; p += block) {
            System.arraycopy(buf, p, saved, 0, block);
            decryptor.processBlock(buf, p, buf, p);
            for (int i = 0; i < block; i++) {
                buf[p + i] ^= chain[i];
            }
            System.arraycopy(saved, 0, chain, 0, block);
        }
    }

    private void loadIv(byte[] iv, int ivOff) {
        System.arraycopy(iv, ivOff, chain, 0, ivLength);
        for (int i = ivLength; i < block; i++) {
            chain[i] = (byte) ~chain[i - ivLength];
        }
    }

    @Override
    protected void wipe() {
        Arrays.fill(chain, (byte) 0);
        Arrays.fill(saved, (byte) 0);
    }
}
