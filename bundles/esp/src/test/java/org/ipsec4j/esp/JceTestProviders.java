package org.ipsec4j.esp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.ipsec4j.api.crypto.AeadContext;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.EncryptionContext;
import org.ipsec4j.api.crypto.IntegrityContext;
import org.ipsec4j.api.crypto.KeySizes;

/**
 * A minimal algorithm provider set over the JDK's JCE, for testing ESP on its own: the real providers live in their
 * own bundles. Contexts follow the SPI's rules (salt at the key's tail, RFC 3686 counter blocks, GMAC's IV in the AAD).
 */
final class JceTestProviders {
    private JceTestProviders() {
    }

    static List<AlgorithmProvider> all() {
        return List.of(aesCbc(), tripleDesCbc(), aesCtr(), aesGcm16(), aesGmac(), chacha20Poly1305(), nullCipher(),
                hmac("hmac-md5", "HmacMD5", 128, 12), hmac("hmac-sha1", "HmacSHA1", 160, 12),
                hmac("hmac-sha256", "HmacSHA256", 256, 16), hmac("hmac-sha512", "HmacSHA512", 512, 32));
    }

    static AlgorithmProvider aesCbc() {
        return provider(new AlgorithmDescriptor("aes-cbc", List.of("rijndael-cbc"), AlgorithmKind.ENCRYPTION,
                new KeySizes(128, 256, 64), 16, 16, 0), key -> new Cbc("AES", key, 16));
    }

    static AlgorithmProvider tripleDesCbc() {
        return provider(new AlgorithmDescriptor("3des-cbc", List.of(), AlgorithmKind.ENCRYPTION,
                KeySizes.exactly(192), 8, 8, 0), key -> new Cbc("DESede", key, 8));
    }

    static AlgorithmProvider aesCtr() {
        return provider(new AlgorithmDescriptor("aes-ctr", List.of(), AlgorithmKind.ENCRYPTION,
                new KeySizes(160, 288, 64), 1, 8, 0), Ctr::new);
    }

    static AlgorithmProvider aesGcm16() {
        return provider(new AlgorithmDescriptor("aes-gcm-16", List.of(), AlgorithmKind.AEAD,
                new KeySizes(160, 288, 64), 1, 8, 16), key -> new Aead("AES", "AES/GCM/NoPadding", key, false));
    }

    static AlgorithmProvider aesGmac() {
        return provider(new AlgorithmDescriptor("aes-gmac", List.of(), AlgorithmKind.AEAD,
                new KeySizes(160, 288, 64), 1, 8, 16), key -> new Aead("AES", "AES/GCM/NoPadding", key, true));
    }

    static AlgorithmProvider chacha20Poly1305() {
        return provider(new AlgorithmDescriptor("chacha20-poly1305", List.of(), AlgorithmKind.AEAD,
                KeySizes.exactly(288), 1, 8, 16), key -> new Aead("ChaCha20", "ChaCha20-Poly1305", key, false));
    }

    static AlgorithmProvider nullCipher() {
        return provider(new AlgorithmDescriptor("null", List.of(), AlgorithmKind.ENCRYPTION, KeySizes.NONE, 1, 0, 0),
                key -> new NullCipher());
    }

    static AlgorithmProvider hmac(String name, String jceName, int keyBits, int icv) {
        return provider(new AlgorithmDescriptor(name, List.of(), AlgorithmKind.INTEGRITY, KeySizes.exactly(keyBits),
                0, 0, icv), key -> new Hmac(jceName, key, icv));
    }

    /** A provider called {@code jce-test} making contexts with {@code factory} after checking the key length. */
    static AlgorithmProvider provider(AlgorithmDescriptor d, Function<byte[], ContextBase> factory) {
        return new AlgorithmProvider() {
            @Override public AlgorithmDescriptor descriptor() { return d; }
            @Override public String providerName() { return "jce-test"; }

            @Override
            public AlgorithmContext newContext(byte[] key) {
                if (!d.keySizes().accepts(key.length * 8)) {
                    throw new IllegalArgumentException(d.name() + ": key of " + key.length * 8 + " bits");
                }
                ContextBase c = factory.apply(key.clone());
                c.descriptor = d;
                return c;
            }
        };
    }

    abstract static class ContextBase implements AlgorithmContext {
        AlgorithmDescriptor descriptor;
        boolean closed;

        @Override public AlgorithmDescriptor descriptor() { return descriptor; }
        @Override public void close() { closed = true; }

        void open() {
            if (closed) throw new IllegalStateException("closed");
        }
    }

    static final class NullCipher extends ContextBase implements EncryptionContext {
        @Override public void encrypt(byte[] iv, int ivOff, byte[] buf, int off, int len) { open(); }
        @Override public void decrypt(byte[] iv, int ivOff, byte[] buf, int off, int len) { open(); }
    }

    static final class Cbc extends ContextBase implements EncryptionContext {
        private final SecretKeySpec key;
        private final Cipher cipher;
        private final int ivSize;

        Cbc(String alg, byte[] key, int ivSize) {
            this.key = new SecretKeySpec(key, alg);
            this.ivSize = ivSize;
            this.cipher = cipher(alg + "/CBC/NoPadding");
        }

        @Override public void encrypt(byte[] iv, int ivOff, byte[] buf, int off, int len) { run(Cipher.ENCRYPT_MODE, iv, ivOff, buf, off, len); }
        @Override public void decrypt(byte[] iv, int ivOff, byte[] buf, int off, int len) { run(Cipher.DECRYPT_MODE, iv, ivOff, buf, off, len); }

        private void run(int mode, byte[] iv, int ivOff, byte[] buf, int off, int len) {
            open();
            try {
                cipher.init(mode, key, new IvParameterSpec(iv, ivOff, ivSize));
                cipher.doFinal(buf, off, len, buf, off);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }

    static final class Ctr extends ContextBase implements EncryptionContext {
        private final SecretKeySpec key;
        private final Cipher cipher = cipher("AES/CTR/NoPadding");
        private final byte[] block = new byte[16];

        Ctr(byte[] key) {
            this.key = new SecretKeySpec(key, 0, key.length - 4, "AES");
            System.arraycopy(key, key.length - 4, block, 0, 4);
            block[15] = 1;
        }

        @Override public void encrypt(byte[] iv, int ivOff, byte[] buf, int off, int len) { run(iv, ivOff, buf, off, len); }
        @Override public void decrypt(byte[] iv, int ivOff, byte[] buf, int off, int len) { run(iv, ivOff, buf, off, len); }

        private void run(byte[] iv, int ivOff, byte[] buf, int off, int len) {
            open();
            System.arraycopy(iv, ivOff, block, 4, 8);
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(block));
                cipher.doFinal(buf, off, len, buf, off);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }

    static final class Aead extends ContextBase implements AeadContext {
        private final SecretKeySpec key;
        private final Cipher cipher;
        private final byte[] nonce = new byte[12];
        private final boolean gcm;
        private final boolean gmac;

        Aead(String alg, String transformation, byte[] key, boolean gmac) {
            this.key = new SecretKeySpec(key, 0, key.length - 4, alg);
            System.arraycopy(key, key.length - 4, nonce, 0, 4);
            this.cipher = cipher(transformation);
            this.gcm = transformation.startsWith("AES");
            this.gmac = gmac;
        }

        private void init(int mode, byte[] iv, int ivOff) throws GeneralSecurityException {
            System.arraycopy(iv, ivOff, nonce, 4, 8);
            cipher.init(mode, key, gcm ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce));
        }

        @Override
        public void seal(byte[] iv, int ivOff, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) {
            open();
            try {
                init(Cipher.ENCRYPT_MODE, iv, ivOff);
                cipher.updateAAD(aad, aadOff, aadLen);
                if (gmac) {
                    cipher.updateAAD(iv, ivOff, 8);
                    cipher.updateAAD(buf, off, len);
                    cipher.doFinal(buf, off + len);
                } else {
                    cipher.doFinal(buf, off, len, buf, off);
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(e);
            }
        }

        @Override
        public boolean open(byte[] iv, int ivOff, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) {
            open();
            try {
                init(Cipher.DECRYPT_MODE, iv, ivOff);
                cipher.updateAAD(aad, aadOff, aadLen);
                if (gmac) {
                    cipher.updateAAD(iv, ivOff, 8);
                    cipher.updateAAD(buf, off, len);
                    cipher.doFinal(buf, off + len, 16, buf, off + len);
                } else {
                    cipher.doFinal(buf, off, len + 16, buf, off);
                }
                return true;
            } catch (AEADBadTagException e) {
                return false;
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }

    static final class Hmac extends ContextBase implements IntegrityContext {
        private final Mac mac;
        private final byte[] full;
        private final byte[] mine;
        private final byte[] theirs;
        private final int icv;

        Hmac(String jceName, byte[] key, int icv) {
            try {
                mac = Mac.getInstance(jceName);
                mac.init(new SecretKeySpec(key, jceName));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(e);
            }
            this.icv = icv;
            this.full = new byte[mac.getMacLength()];
            this.mine = new byte[icv];
            this.theirs = new byte[icv];
        }

        @Override public void update(byte[] buf, int off, int len) { open(); mac.update(buf, off, len); }
        @Override public void reset() { mac.reset(); }

        @Override
        public void finish(byte[] out, int outOff) {
            open();
            try {
                mac.doFinal(full, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            System.arraycopy(full, 0, out, outOff, icv);
        }

        @Override
        public boolean verify(byte[] icvBuf, int icvOff) {
            finish(mine, 0);
            System.arraycopy(icvBuf, icvOff, theirs, 0, icv);
            return MessageDigest.isEqual(mine, theirs);
        }
    }

    static Cipher cipher(String transformation) {
        try {
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] copy(byte[] b) {
        return Arrays.copyOf(b, b.length);
    }
}
