package org.ipsec4j.cipher.bc;

import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.ipsec4j.algorithms.support.KeyedContext;
import org.ipsec4j.algorithms.support.OutputScratch;
import org.ipsec4j.api.crypto.AeadContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;

/**
 * AES-GCM (RFC 4106, ICV of 8, 12 or 16 bytes), AES-GMAC (RFC 4543) and ChaCha20-Poly1305 (RFC 7634) on Bouncy
 * Castle's {@link AEADCipher}s. The key's last 4 bytes are the salt; the nonce is salt and the packet's 8-byte IV. The
 * cipher is keyed once; each packet re-initialises it with a null key, which keeps the key schedule (and GCM's
 * multiplication tables).
 *
 * <p>Bouncy Castle refuses an encryption {@code init} with the nonce of the previous {@code init}, even when that one
 * was to decrypt; so before such a repeat this context initialises once with another nonce. Sealing twice with the
 * same IV is refused here.
 */
final class BcAeadContext extends KeyedContext implements AeadContext {
    /** Which algorithm. */
    enum Mode {
        GCM, GMAC, CHACHA20_POLY1305
    }

    private final Mode mode;
    private final int icv;
    private final AEADCipher cipher;
    /** Salt followed by the IV of the packet at hand. */
    private final byte[] nonce = new byte[12];
    private final byte[] lastInitNonce = new byte[12];
    private final byte[] lastSealIv = new byte[8];
    private boolean sealedOnce;
    /** GMAC's open writes no plaintext; the cipher still wants somewhere to write it. */
    private final byte[] noOutput = new byte[16];
    /**
     * Where the cipher writes before the result is copied into the packet: Bouncy Castle copies its input to a new
     * array whenever input and output overlap, which working in place always does (measured: 1.4 KB more per
     * 1400-byte packet). Grows to the largest packet seen, then allocates nothing. An open that fails leaves the
     * packet as it came (ChaCha20-Poly1305 writes plaintext before it checks the tag: here, not into the packet).
     */
    private final OutputScratch scratch = new OutputScratch();

    BcAeadContext(AlgorithmDescriptor descriptor, Mode mode, byte[] key) {
        super(descriptor);
        this.mode = mode;
        this.icv = descriptor.icvSize();
        int cipherKeyLen = key.length - 4;
        System.arraycopy(key, cipherKeyLen, nonce, 0, 4);
        this.cipher = mode == Mode.CHACHA20_POLY1305 ? new ChaCha20Poly1305()
                : GCMBlockCipher.newInstance(AESEngine.newInstance());
        KeyParameter k = new KeyParameter(key, 0, cipherKeyLen);
        cipher.init(false, new AEADParameters(k, icv * 8, nonce.clone()));
        Arrays.fill(k.getKey(), (byte) 0);
        System.arraycopy(nonce, 0, lastInitNonce, 0, 12);
    }

    @Override
    public void seal(byte[] iv, int ivOff, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) {
        ensureOpen();
        if (sealedOnce && Arrays.equals(lastSealIv, 0, 8, iv, ivOff, ivOff + 8)) {
            throw new IllegalStateException(descriptor().name() + ": IV repeats the previous packet's");
        }
        System.arraycopy(iv, ivOff, lastSealIv, 0, 8);
        sealedOnce = true;
        init(true, iv, ivOff);
        cipher.processAADBytes(aad, aadOff, aadLen);
        try {
            if (mode == Mode.GMAC) {
                cipher.processAADBytes(iv, ivOff, 8);
                cipher.processAADBytes(buf, off, len);
                cipher.doFinal(buf, off + len);
            } else {
                byte[] out = scratch.atLeast(len + icv);
                int n = cipher.processBytes(buf, off, len, out, 0);
                n += cipher.doFinal(out, n);
                System.arraycopy(out, 0, buf, off, n);
            }
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException(descriptor().name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean open(byte[] iv, int ivOff, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) {
        ensureOpen();
        init(false, iv, ivOff);
        cipher.processAADBytes(aad, aadOff, aadLen);
        try {
            if (mode == Mode.GMAC) {
                cipher.processAADBytes(iv, ivOff, 8);
                cipher.processAADBytes(buf, off, len);
                cipher.processBytes(buf, off + len, icv, noOutput, 0);
                cipher.doFinal(noOutput, 0);
            } else {
                byte[] out = scratch.atLeast(len + icv);
                int n = cipher.processBytes(buf, off, len + icv, out, 0);
                n += cipher.doFinal(out, n);
                System.arraycopy(out, 0, buf, off, n);
            }
            return true;
        } catch (InvalidCipherTextException badIcv) {
            return false;
        }
    }

    private void init(boolean forEncryption, byte[] iv, int ivOff) {
        System.arraycopy(iv, ivOff, nonce, 4, 8);
        if (forEncryption && Arrays.equals(nonce, lastInitNonce)) {
            lastInitNonce[11] ^= 1; // a nonce no packet asked for, to get past Bouncy Castle's repeat check
            cipher.init(false, new AEADParameters(null, icv * 8, lastInitNonce));
        }
        cipher.init(forEncryption, new AEADParameters(null, icv * 8, nonce));
        System.arraycopy(nonce, 0, lastInitNonce, 0, 12);
    }

    @Override
    protected void wipe() {
        cipher.reset();
        scratch.wipe();
        Arrays.fill(nonce, (byte) 0);
        Arrays.fill(lastInitNonce, (byte) 0);
    }
}
