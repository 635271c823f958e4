package org.ipsec4j.cipher.bc;

import java.util.Arrays;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.Mac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.Memoable;

/**
 * KAME's keyed MD5 and keyed SHA-1 for AH ({@code keyed-md5}, {@code keyed-sha1}; RFC 1828 and RFC 1852 style), as
 * KAME's {@code ah_core.c} computes them: H(key, 0x80, zeros, the key's length in bits as 8 bytes little-endian up to a
 * 64-byte boundary, data, key). KAME writes the length little-endian for SHA-1 too, and so does this class. The hash
 * state after the key prefix is kept, so each packet starts from a copy of it.
 */
final class KameKeyedDigest implements Mac {
    private static final int BLOCK = 64;

    private final Digest digest;
    private Memoable afterPrefix;
    private byte[] key = new byte[0];

    /** @param digest an MD5 or SHA-1 digest (it must be {@link Memoable}) */
    KameKeyedDigest(Digest digest) {
        if (!(digest instanceof Memoable)) {
            throw new IllegalArgumentException(digest.getAlgorithmName() + " cannot copy its state");
        }
        this.digest = digest;
    }

    @Override
    public void init(CipherParameters params) {
        if (!(params instanceof KeyParameter k)) {
            throw new IllegalArgumentException("keyed " + digest.getAlgorithmName() + " takes a key");
        }
        Arrays.fill(key, (byte) 0);
        key = k.getKey().clone();
        digest.reset();
        digest.update(key, 0, key.length);
        int pad = (key.length < BLOCK - 8 ? BLOCK - 8 : 2 * BLOCK - 8) - key.length;
        digest.update((byte) 0x80);
        for (int i = 1; i < pad; i++) {
            digest.update((byte) 0);
        }
        long bits = (long) key.length * 8;
        for (int i = 0; i < 8; i++) {
            digest.update((byte) (bits >>> (8 * i)));
        }
        afterPrefix = ((Memoable) digest).copy();
    }

    @Override
    public String getAlgorithmName() {
        return "KAME-keyed-" + digest.getAlgorithmName();
    }

    @Override
    public int getMacSize() {
        return digest.getDigestSize();
    }

    @Override
    public void update(byte in) {
        digest.update(in);
    }

    @Override
    public void update(byte[] in, int inOff, int len) {
        digest.update(in, inOff, len);
    }

    @Override
    public int doFinal(byte[] out, int outOff) {
        digest.update(key, 0, key.length);
        int n = digest.doFinal(out, outOff);
        reset();
        return n;
    }

    @Override
    public void reset() {
        ((Memoable) digest).reset(afterPrefix);
    }
}
