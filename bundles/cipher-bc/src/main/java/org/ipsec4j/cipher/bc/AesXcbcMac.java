package org.ipsec4j.cipher.bc;

import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.Mac;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-XCBC-MAC (RFC 3566), which Bouncy Castle lacks, as a Bouncy Castle {@link Mac}: K1, K2 and K3 are the
 * encryptions of the constant blocks 0x01.., 0x02.. and 0x03.. under the key; a CBC-MAC under K1 whose last block is
 * XORed with K2 when it is complete, or padded with 0x80 00.. and XORed with K3 when not. Produces all 16 bytes; the
 * IPsec ICV is the first 12 (AES-XCBC-MAC-96). Re-keying overwrites K2, K3 and the chaining state in place.
 */
final class AesXcbcMac implements Mac {
    private static final int BLOCK = 16;

    private final BlockCipher k1Cipher = AESEngine.newInstance();
    private final byte[] k2 = new byte[BLOCK];
    private final byte[] k3 = new byte[BLOCK];
    private final byte[] chain = new byte[BLOCK];
    /** The last block seen, held back until more data shows whether it is the final one. */
    private final byte[] pending = new byte[BLOCK];
    private int pendingLen;

    @Override
    public void init(CipherParameters params) {
        if (!(params instanceof KeyParameter key) || key.getKeyLength() != BLOCK) {
            throw new IllegalArgumentException("AES-XCBC-MAC takes a 128-bit key");
        }
        BlockCipher keyCipher = AESEngine.newInstance();
        keyCipher.init(true, key);
        byte[] k1 = new byte[BLOCK];
        derive(keyCipher, 0x01, k1);
        derive(keyCipher, 0x02, k2);
        derive(keyCipher, 0x03, k3);
        k1Cipher.init(true, new KeyParameter(k1));
        Arrays.fill(k1, (byte) 0);
        reset();
    }

    private static void derive(BlockCipher keyCipher, int constant, byte[] out) {
        Arrays.fill(out, (byte) constant);
        keyCipher.processBlock(out, 0, out, 0);
    }

    @Override
    public String getAlgorithmName() {
        return "AES-XCBC-MAC";
    }

    @Override
    public int getMacSize() {
        return BLOCK;
    }

    @Override
    public void update(byte in) {
        if (pendingLen == BLOCK) {
            absorbPending();
        }
        pending[pendingLen++] = in;
    }

    @Override
    public void update(byte[] in, int inOff, int len) {
        while (len > 0) {
            if (pendingLen == BLOCK) {
                absorbPending();
            }
            int n = Math.min(BLOCK - pendingLen, len);
            System.arraycopy(in, inOff, pending, pendingLen, n);
            pendingLen += n;
            inOff += n;
            len -= n;
        }
    }

    private void absorbPending() {
        for (int i = 0; i < BLOCK; i++) {
            chain[i] ^= pending[i];
        }
        k1Cipher.processBlock(chain, 0, chain, 0);
        pendingLen = 0;
    }

    @Override
    public int doFinal(byte[] out, int outOff) {
        byte[] finalKey = k2;
        if (pendingLen < BLOCK) {
            pending[pendingLen] = (byte) 0x80;
            Arrays.fill(pending, pendingLen + 1, BLOCK, (byte) 0);
            finalKey = k3;
        }
        for (int i = 0; i < BLOCK; i++) {
            chain[i] ^= (byte) (pending[i] ^ finalKey[i]);
        }
        k1Cipher.processBlock(chain, 0, out, outOff);
        reset();
        return BLOCK;
    }

    @Override
    public void reset() {
        Arrays.fill(chain, (byte) 0);
        Arrays.fill(pending, (byte) 0);
        pendingLen = 0;
    }
}
