package org.ipsec4j.esp;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A per-thread source of unpredictable bytes for CBC IVs and random padding, built as OpenBSD's arc4random: the ChaCha20
 * block function (RFC 8439) run as a keystream generator with fast key erasure. Each refill makes {@link #BLOCKS}
 * blocks, takes the first 32 bytes as the next key and hands out the rest once, wiping each byte as it goes, so that
 * neither past nor future output can be recovered from the state. The key is mixed with fresh bytes from
 * {@link SecureRandom} at creation and after every {@link #RESEED_BYTES} bytes. Not thread-safe: one per thread.
 * Allocates nothing after construction, except inside {@link SecureRandom} at a reseed.
 */
final class ChaCha20Random {
    static final int BLOCKS = 8;
    static final int RESEED_BYTES = 1 << 20;

    private static final int KEY_BYTES = 32;
    private static final int[] SIGMA = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574}; // "expand 32-byte k"

    private final SecureRandom seeds;
    private final int[] key = new int[8];
    private final int[] nonce = new int[3];
    private final int[] x = new int[16];
    private final byte[] pool = new byte[64 * BLOCKS];
    private final byte[] seed = new byte[KEY_BYTES];
    private int pos = pool.length;
    private int sinceReseed;

    ChaCha20Random(SecureRandom seeds) {
        this.seeds = seeds;
        reseed();
    }

    /** Fills {@code buf[off..off+len)} with random bytes. */
    void nextBytes(byte[] buf, int off, int len) {
        while (len > 0) {
            if (pos == pool.length) {
                refill();
            }
            int n = Math.min(len, pool.length - pos);
            System.arraycopy(pool, pos, buf, off, n);
            Arrays.fill(pool, pos, pos + n, (byte) 0);
            pos += n;
            off += n;
            len -= n;
        }
    }

    private void reseed() {
        seeds.nextBytes(seed);
        for (int i = 0; i < 8; i++) {
            key[i] ^= le32(seed, 4 * i);
        }
        Arrays.fill(seed, (byte) 0);
        sinceReseed = 0;
    }

    private void refill() {
        if (sinceReseed >= RESEED_BYTES) {
            reseed();
        }
        for (int b = 0; b < BLOCKS; b++) {
            block(key, b, nonce, x, pool, 64 * b);
        }
        for (int i = 0; i < 8; i++) {
            key[i] = le32(pool, 4 * i);
        }
        Arrays.fill(pool, 0, KEY_BYTES, (byte) 0);
        pos = KEY_BYTES;
        sinceReseed += pool.length - KEY_BYTES;
    }

    /**
     * The ChaCha20 block function of RFC 8439 section 2.3: 64 bytes of keystream for {@code key} (8 words), block
     * {@code counter} and {@code nonce} (3 words) into {@code out[off..off+64)}, using {@code x} (16 words) as scratch.
     */
    static void block(int[] key, int counter, int[] nonce, int[] x, byte[] out, int off) {
        x[0] = SIGMA[0];
        x[1] = SIGMA[1];
        x[2] = SIGMA[2];
        x[3] = SIGMA[3];
        System.arraycopy(key, 0, x, 4, 8);
        x[12] = counter;
        x[13] = nonce[0];
        x[14] = nonce[1];
        x[15] = nonce[2];
        int x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3], x4 = x[4], x5 = x[5], x6 = x[6], x7 = x[7];
        int x8 = x[8], x9 = x[9], x10 = x[10], x11 = x[11], x12 = x[12], x13 = x[13], x14 = x[14], x15 = x[15];
        for (int i = 0; i < 10; i++) {
            // column rounds
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 16); x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 12);
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 8); x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 7);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 16); x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 12);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 8); x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 7);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 16); x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 12);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 8); x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 7);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 16); x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 12);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 8); x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 7);
            // diagonal rounds
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 16); x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 12);
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 8); x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 7);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 16); x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 12);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 8); x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 7);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 16); x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 12);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 8); x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 7);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 16); x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 12);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 8); x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 7);
        }
        putLe32(out, off, x0 + x[0]);
        putLe32(out, off + 4, x1 + x[1]);
        putLe32(out, off + 8, x2 + x[2]);
        putLe32(out, off + 12, x3 + x[3]);
        putLe32(out, off + 16, x4 + x[4]);
        putLe32(out, off + 20, x5 + x[5]);
        putLe32(out, off + 24, x6 + x[6]);
        putLe32(out, off + 28, x7 + x[7]);
        putLe32(out, off + 32, x8 + x[8]);
        putLe32(out, off + 36, x9 + x[9]);
        putLe32(out, off + 40, x10 + x[10]);
        putLe32(out, off + 44, x11 + x[11]);
        putLe32(out, off + 48, x12 + x[12]);
        putLe32(out, off + 52, x13 + x[13]);
        putLe32(out, off + 56, x14 + x[14]);
        putLe32(out, off + 60, x15 + x[15]);
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) | ((b[i + 2] & 0xff) << 16) | ((b[i + 3] & 0xff) << 24);
    }

    private static void putLe32(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }
}
