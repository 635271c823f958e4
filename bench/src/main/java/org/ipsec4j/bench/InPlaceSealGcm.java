package org.ipsec4j.bench;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.ipsec4j.api.crypto.AeadContext;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.StandardAlgorithms;

/**
 * An experiment, not part of ipsec4j: an {@code aes-gcm-16} provider that does what {@code cipher-jce}'s AEAD context
 * does (salt and IV as nonce, an {@code init} per packet, the previous IV refused, the open through a scratch array)
 * except that {@link AeadContext#seal} lets SunJCE encrypt exactly in place instead of through the scratch array and
 * back. Registered above {@code cipher-jce} when {@link EspBenchmark}'s {@code aeadSeal} is {@code in-place}, to
 * measure what that change would give ESP output.
 */
final class InPlaceSealGcm implements AlgorithmProvider {
    @Override
    public AlgorithmDescriptor descriptor() {
        return StandardAlgorithms.AES_GCM_16;
    }

    @Override
    public String providerName() {
        return "bench-in-place-seal";
    }

    @Override
    public AlgorithmContext newContext(byte[] key) {
        return new Context(key);
    }

    private static final class Context implements AeadContext {
        private final Cipher cipher;
        private final SecretKeySpec key;
        private final byte[] nonce = new byte[12];
        private final byte[] lastSealIv = new byte[8];
        private boolean sealedOnce;
        private final byte[] scratch = new byte[Packets.CAPACITY];

        Context(byte[] k) {
            try {
                key = new SecretKeySpec(k, 0, k.length - 4, "AES");
                System.arraycopy(k, k.length - 4, nonce, 0, 4);
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public AlgorithmDescriptor descriptor() {
            return StandardAlgorithms.AES_GCM_16;
        }

        @Override
        public void seal(byte[] iv, int ivOff, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) {
            if (sealedOnce && Arrays.equals(lastSealIv, 0, 8, iv, ivOff, ivOff + 8)) {
                throw new IllegalStateException("IV repeats the previous packet's");
            }
            System.arraycopy(iv, ivOff, lastSealIv, 0, 8);
            sealedOnce = true;
            try {
                System.arraycopy(iv, ivOff, nonce, 4, 8);
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                cipher.updateAAD(aad, aadOff, aadLen);
                cipher.doFinal(buf, off, len, buf, off);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean open(byte[] iv, int ivOff, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) {
            try {
                System.arraycopy(iv, ivOff, nonce, 4, 8);
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                cipher.updateAAD(aad, aadOff, aadLen);
                int n = cipher.doFinal(buf, off, len + 16, scratch, 0);
                System.arraycopy(scratch, 0, buf, off, n);
                return true;
            } catch (AEADBadTagException e) {
                return false;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            Arrays.fill(scratch, (byte) 0);
        }
    }
}
