package org.ipsec4j.bench;

import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.ipsec4j.api.crypto.AeadContext;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.StandardAlgorithms;

/**
 * An experiment, not part of ipsec4j: a {@code chacha20-poly1305} provider that does what {@code cipher-bc}'s AEAD
 * context does (Bouncy Castle's {@link ChaCha20Poly1305} keyed once, re-initialised per packet with a null key, the
 * repeat-nonce step, the previous IV refused) except that the cipher writes to a scratch array that is then copied
 * into the packet. Bouncy Castle copies its input to a new array when input and output overlap, which working in place
 * always does. Registered above both provider bundles when {@link EspBenchmark}'s {@code aeadSeal} is
 * {@code bc-chacha-scratch}.
 */
final class BcChaChaThroughScratch implements AlgorithmProvider {
    @Override
    public AlgorithmDescriptor descriptor() {
        return StandardAlgorithms.CHACHA20_POLY1305;
    }

    @Override
    public String providerName() {
        return "bench-bc-chacha-scratch";
    }

    @Override
    public AlgorithmContext newContext(byte[] key) {
        return new Context(key);
    }

    private static final class Context implements AeadContext {
        private final ChaCha20Poly1305 cipher = new ChaCha20Poly1305();
        private final byte[] nonce = new byte[12];
        private final byte[] lastInitNonce = new byte[12];
        private final byte[] lastSealIv = new byte[8];
        private boolean sealedOnce;
        private final byte[] scratch = new byte[Packets.CAPACITY];

        Context(byte[] key) {
            int cipherKeyLen = key.length - 4;
            System.arraycopy(key, cipherKeyLen, nonce, 0, 4);
            cipher.init(false, new AEADParameters(new KeyParameter(key, 0, cipherKeyLen), 128, nonce.clone()));
            System.arraycopy(nonce, 0, lastInitNonce, 0, 12);
        }

        @Override
        public AlgorithmDescriptor descriptor() {
            return StandardAlgorithms.CHACHA20_POLY1305;
        }

        @Override
        public void seal(byte[] iv, int ivOff, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) {
            if (sealedOnce && Arrays.equals(lastSealIv, 0, 8, iv, ivOff, ivOff + 8)) {
                throw new IllegalStateException("IV repeats the previous packet's");
            }
            System.arraycopy(iv, ivOff, lastSealIv, 0, 8);
            sealedOnce = true;
            init(true, iv, ivOff);
            cipher.processAADBytes(aad, aadOff, aadLen);
            try {
                int n = cipher.processBytes(buf, off, len, scratch, 0);
                n += cipher.doFinal(scratch, n);
                System.arraycopy(scratch, 0, buf, off, n);
            } catch (InvalidCipherTextException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean open(byte[] iv, int ivOff, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) {
            init(false, iv, ivOff);
            cipher.processAADBytes(aad, aadOff, aadLen);
            try {
                int n = cipher.processBytes(buf, off, len + 16, scratch, 0);
                n += cipher.doFinal(scratch, n);
                System.arraycopy(scratch, 0, buf, off, n);
                return true;
            } catch (InvalidCipherTextException badIcv) {
                return false;
            }
        }

        private void init(boolean forEncryption, byte[] iv, int ivOff) {
            System.arraycopy(iv, ivOff, nonce, 4, 8);
            if (forEncryption && Arrays.equals(nonce, lastInitNonce)) {
                lastInitNonce[11] ^= 1;
                cipher.init(false, new AEADParameters(null, 128, lastInitNonce));
            }
            cipher.init(forEncryption, new AEADParameters(null, 128, nonce));
            System.arraycopy(nonce, 0, lastInitNonce, 0, 12);
        }

        @Override
        public void close() {
            cipher.reset();
            Arrays.fill(scratch, (byte) 0);
        }
    }
}
