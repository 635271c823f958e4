package org.ipsec4j.cipher.bc;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * 3DES (EDE with three keys) composed of three {@link DESEngine}s. Bouncy Castle's own {@code DESedeEngine} allocates
 * a temporary array for every block; this one works in place and allocates nothing, at the same speed.
 */
final class TripleDesEngine implements BlockCipher {
    private final DESEngine first = new DESEngine();
    private final DESEngine second = new DESEngine();
    private final DESEngine third = new DESEngine();

    @Override
    public void init(boolean forEncryption, CipherParameters params) {
        if (!(params instanceof KeyParameter k) || k.getKeyLength() != 24) {
            throw new IllegalArgumentException("3DES takes a 192-bit key");
        }
        byte[] key = k.getKey();
        KeyParameter k1 = new KeyParameter(key, 0, 8);
        KeyParameter k2 = new KeyParameter(key, 8, 8);
        KeyParameter k3 = new KeyParameter(key, 16, 8);
        // encryption: E(k1), D(k2), E(k3); decryption: D(k3), E(k2), D(k1)
        first.init(forEncryption, forEncryption ? k1 : k3);
        second.init(!forEncryption, k2);
        third.init(forEncryption, forEncryption ? k3 : k1);
        for (KeyParameter part : new KeyParameter[] {k1, k2, k3}) {
            java.util.Arrays.fill(part.getKey(), (byte) 0);
        }
    }

    @Override
    public String getAlgorithmName() {
        return "DESede";
    }

    @Override
    public int getBlockSize() {
        return 8;
    }

    @Override
    public int processBlock(byte[] in, int inOff, byte[] out, int outOff) {
        first.processBlock(in, inOff, out, outOff);
        second.processBlock(out, outOff, out, outOff);
        third.processBlock(out, outOff, out, outOff);
        return 8;
    }

    @Override
    public void reset() {
    }
}
