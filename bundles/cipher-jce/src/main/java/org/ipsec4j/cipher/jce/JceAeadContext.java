package org.ipsec4j.cipher.jce;

import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import org.ipsec4j.algorithms.support.KeyedContext;
import org.ipsec4j.algorithms.support.OutputScratch;
import org.ipsec4j.api.crypto.AeadContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;

/**
 * AES-GCM (RFC 4106), AES-GMAC (RFC 4543) and ChaCha20-Poly1305 (RFC 7634) on JCE. The key's last 4 bytes are the
 * salt; the nonce is salt and the packet's 8-byte IV. The JCE needs an {@code init} per packet (measured: about 75 ns
 * for GCM, 0.5 to 0.75 us for ChaCha20-Poly1305). Both work exactly in place, input and output at the same offset of
 * the packet's array: SunJCE's GCM and ChaCha20-Poly1305 allocate nothing more for that (measured on JDK 17 and 25;
 * its CBC does copy, see {@link OutputScratch}), so a packet is sealed and opened without a copy. An open that fails
 * leaves the packet's ciphertext overwritten or intact, as the JDK does it; the packet is dropped either way.
 *
 * <p>SunJCE refuses to initialise ChaCha20-Poly1305 twice in a row with the same key and nonce, even to decrypt. A
 * receiver must still open a genuine packet after a forged one that carried the same IV, so before such a repeat this
 * context initialises once with another nonce. Sealing twice with the same IV is refused here for every mode.
 */
final class JceAeadContext extends KeyedContext implements AeadContext {
    /** Which algorithm, and how it uses the JCE. */
    enum Mode {
        GCM("AES/GCM/NoPadding", "AES"),
        GMAC("AES/GCM/NoPadding", "AES"),
        CHACHA20_POLY1305("ChaCha20-Poly1305", "ChaCha20");

        final String transformation;
        final String keyAlgorithm;

        Mode(String transformation, String keyAlgorithm) {
            this.transformation = transformation;
            this.keyAlgorithm = keyAlgorithm;
        }
    }

    private final Mode mode;
    private final int icv;
    private final RawKey key;
    private final Cipher cipher;
    /** Salt followed by the IV of the packet at hand. */
    private final byte[] nonce = new byte[12];
    private final byte[] lastInitNonce = new byte[12];
    /** The JCE parameters of {@link #nonce} and {@link #lastInitNonce}: live views, no object per packet. */
    private final AlgorithmParameterSpec nonceSpec;
    private final AlgorithmParameterSpec lastInitNonceSpec;
    private boolean initialised;
    private final byte[] lastSealIv = new byte[8];
    private boolean sealedOnce;
    /** GMAC's open writes no plaintext; the JCE still wants somewhere to write it. */
    private final byte[] noOutput = new byte[16];

    JceAeadContext(AlgorithmDescriptor descriptor, Mode mode, byte[] key) {
        super(descriptor);
        this.mode = mode;
        this.icv = descriptor.icvSize();
        int cipherKeyLen = key.length - 4;
        this.key = new RawKey(mode.keyAlgorithm, key, 0, cipherKeyLen);
        System.arraycopy(key, cipherKeyLen, nonce, 0, 4);
        this.nonceSpec = live(nonce);
        this.lastInitNonceSpec = live(lastInitNonce);
        this.cipher = Jce.cipher(mode.transformation);
    }

    @Override
    public void seal(byte[] iv, int ivOff, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) {
        ensureOpen();
        if (sealedOnce && Arrays.equals(lastSealIv, 0, 8, iv, ivOff, ivOff + 8)) {
            throw new IllegalStateException(descriptor().name() + ": IV repeats the previous packet's");
        }
        System.arraycopy(iv, ivOff, lastSealIv, 0, 8);
        sealedOnce = true;
        try {
            init(Cipher.ENCRYPT_MODE, iv, ivOff);
            cipher.updateAAD(aad, aadOff, aadLen);
            if (mode == Mode.GMAC) {
                cipher.updateAAD(iv, ivOff, 8);
                cipher.updateAAD(buf, off, len);
                int n = cipher.doFinal(buf, off + len);
                check(n == icv, n);
            } else {
                int n = cipher.doFinal(buf, off, len, buf, off);
                check(n == len + icv, n);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(descriptor().name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean open(byte[] iv, int ivOff, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) {
        ensureOpen();
        try {
            init(Cipher.DECRYPT_MODE, iv, ivOff);
            cipher.updateAAD(aad, aadOff, aadLen);
            if (mode == Mode.GMAC) {
                cipher.updateAAD(iv, ivOff, 8);
                cipher.updateAAD(buf, off, len);
                cipher.doFinal(buf, off + len, icv, noOutput, 0);
            } else {
                int n = cipher.doFinal(buf, off, len + icv, buf, off);
                check(n == len, n);
            }
            return true;
        } catch (GeneralSecurityException badIcvOrPacket) {
            return false;
        }
    }

    private void init(int opmode, byte[] iv, int ivOff) throws GeneralSecurityException {
        System.arraycopy(iv, ivOff, nonce, 4, 8);
        if (mode != Mode.CHACHA20_POLY1305) {
            cipher.init(opmode, key, nonceSpec);
            return;
        }
        if (initialised && Arrays.equals(nonce, lastInitNonce)) {
            lastInitNonce[11] ^= 1; // a nonce no packet asked for, to get past SunJCE's repeat check
            cipher.init(Cipher.DECRYPT_MODE, key, lastInitNonceSpec);
        }
        cipher.init(opmode, key, nonceSpec);
        System.arraycopy(nonce, 0, lastInitNonce, 0, 12);
        initialised = true;
    }

    private AlgorithmParameterSpec live(byte[] n) {
        return mode == Mode.CHACHA20_POLY1305 ? new LiveIvSpec(n) : new LiveGcmSpec(icv * 8, n);
    }

    private void check(boolean ok, int written) {
        if (!ok) {
            throw new IllegalStateException(descriptor().name() + ": JCE wrote " + written + " bytes");
        }
    }

    @Override
    protected void wipe() {
        Arrays.fill(nonce, (byte) 0);
        Jce.forgetKey(cipher, Cipher.DECRYPT_MODE, key, nonceSpec);
        key.destroy();
        Arrays.fill(lastInitNonce, (byte) 0);
    }
}
