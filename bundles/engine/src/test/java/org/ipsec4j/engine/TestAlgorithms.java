package org.ipsec4j.engine;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.crypto.EncryptionContext;
import org.ipsec4j.api.crypto.IntegrityContext;
import org.ipsec4j.api.crypto.StandardAlgorithms;

/**
 * A registry of a few JCE algorithms (des-cbc, aes-cbc, hmac-sha1, hmac-sha256) so that the engine's tests can run
 * real ESP between two hosts; the provider bundles have their own, complete sets.
 */
final class TestAlgorithms implements AlgorithmRegistry {
    private final List<AlgorithmProvider> providers = List.of(
            provider(StandardAlgorithms.DES_CBC, key -> new Cbc(StandardAlgorithms.DES_CBC, "DES", key)),
            provider(StandardAlgorithms.AES_CBC, key -> new Cbc(StandardAlgorithms.AES_CBC, "AES", key)),
            provider(StandardAlgorithms.HMAC_SHA1, key -> new Hmac(StandardAlgorithms.HMAC_SHA1, "HmacSHA1", key)),
            provider(StandardAlgorithms.HMAC_SHA256,
                    key -> new Hmac(StandardAlgorithms.HMAC_SHA256, "HmacSHA256", key)));

    @Override
    public Optional<AlgorithmProvider> find(AlgorithmKind kind, String name) {
        return providers.stream().filter(p -> p.descriptor().kind() == kind && p.descriptor().answersTo(name))
                .findFirst();
    }

    @Override
    public List<AlgorithmProvider> all() {
        return providers;
    }

    @Override
    public long generation() {
        return 1;
    }

    private static AlgorithmProvider provider(AlgorithmDescriptor d, Function<byte[], AlgorithmContext> factory) {
        return new AlgorithmProvider() {
            @Override public AlgorithmDescriptor descriptor() { return d; }
            @Override public String providerName() { return "test"; }
            @Override public AlgorithmContext newContext(byte[] key) { return factory.apply(key); }
        };
    }

    private static final class Cbc implements EncryptionContext {
        private final AlgorithmDescriptor descriptor;
        private final SecretKeySpec key;
        private final Cipher cipher;

        Cbc(AlgorithmDescriptor descriptor, String alg, byte[] key) {
            this.descriptor = descriptor;
            this.key = new SecretKeySpec(key, alg);
            try {
                this.cipher = Cipher.getInstance(alg + "/CBC/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override public AlgorithmDescriptor descriptor() { return descriptor; }
        @Override public void encrypt(byte[] iv, int ivOff, byte[] buf, int off, int len) { run(Cipher.ENCRYPT_MODE, iv, ivOff, buf, off, len); }
        @Override public void decrypt(byte[] iv, int ivOff, byte[] buf, int off, int len) { run(Cipher.DECRYPT_MODE, iv, ivOff, buf, off, len); }
        @Override public void close() { }

        private void run(int mode, byte[] iv, int ivOff, byte[] buf, int off, int len) {
            try {
                cipher.init(mode, key, new IvParameterSpec(iv, ivOff, descriptor.ivSize()));
                cipher.doFinal(buf, off, len, buf, off);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }

    private static final class Hmac implements IntegrityContext {
        private final AlgorithmDescriptor descriptor;
        private final Mac mac;

        Hmac(AlgorithmDescriptor descriptor, String alg, byte[] key) {
            this.descriptor = descriptor;
            try {
                this.mac = Mac.getInstance(alg);
                mac.init(new SecretKeySpec(key, alg));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override public AlgorithmDescriptor descriptor() { return descriptor; }
        @Override public void update(byte[] buf, int off, int len) { mac.update(buf, off, len); }
        @Override public void reset() { mac.reset(); }
        @Override public int macSize() { return mac.getMacLength(); }
        @Override public void close() { }

        @Override
        public void finish(byte[] out, int outOff) {
            byte[] full = mac.doFinal();
            System.arraycopy(full, 0, out, outOff, descriptor.icvSize());
            Arrays.fill(full, (byte) 0);
        }
    }
}
