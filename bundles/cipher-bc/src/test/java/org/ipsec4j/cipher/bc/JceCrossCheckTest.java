package org.ipsec4j.cipher.bc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ipsec4j.algorithms.support.OfferedAlgorithm;
import org.ipsec4j.algorithms.testing.FakeBundleContext;
import org.ipsec4j.algorithms.testing.InPlace;
import org.ipsec4j.algorithms.testing.RandomKeys;
import org.ipsec4j.api.crypto.AeadContext;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.EncryptionContext;
import org.ipsec4j.api.crypto.IntegrityContext;
import org.ipsec4j.cipher.jce.JceProviderComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The algorithms both providers offer give the same bytes on random keys, IVs and packets, and each provider opens
 * what the other sealed: an SA keeps working when the registry moves it from one provider to the other.
 */
class JceCrossCheckTest {
    /** The JCE bundle's algorithms, as its component registers them. */
    static List<OfferedAlgorithm> jce() {
        FakeBundleContext fake = new FakeBundleContext();
        new JceProviderComponent(fake.context, Map.of());
        return fake.registrations.stream().map(r -> (OfferedAlgorithm) r.service).toList();
    }

    static Stream<Object[]> common() {
        List<Object[]> pairs = new ArrayList<>();
        for (OfferedAlgorithm j : jce()) {
            for (OfferedAlgorithm b : BcAlgorithms.all()) {
                if (j.descriptor().equals(b.descriptor())) {
                    pairs.add(new Object[] {j.descriptor().name(), j, b});
                }
            }
        }
        return pairs.stream();
    }

    @Test
    void theCommonAlgorithmsAreTheOnesATypicalGatewayNeeds() {
        List<String> names = common().map(p -> (String) p[0]).toList();
        assertEquals(List.of("des-cbc", "3des-cbc", "blowfish-cbc", "aes-cbc", "aes-ctr", "aes-gcm-16", "aes-gcm-12",
                "aes-gmac", "chacha20-poly1305", "null", "hmac-md5", "hmac-sha1", "hmac-sha256", "hmac-sha256-96",
                "hmac-sha384", "hmac-sha512", "null"), names);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("common")
    void bothProvidersAgreeOnRandomPackets(String name, OfferedAlgorithm jce, OfferedAlgorithm bc) {
        AlgorithmDescriptor d = jce.descriptor();
        RandomKeys random = new RandomKeys(name.hashCode() * 31L + 7);
        for (int bits : RandomKeys.lengths(d, 3)) {
            byte[] key = random.key(d, bits);
            try (AlgorithmContext j = jce.newContext(key); AlgorithmContext b = bc.newContext(key)) {
                for (int packet = 0; packet < 40; packet++) {
                    int block = Math.max(1, d.blockSize());
                    byte[] data = random.bytes(block * random.nextInt(1500 / block + 1));
                    byte[] iv = random.bytes(d.ivSize());
                    if (iv.length > 0) {
                        iv[0] = (byte) packet;
                    }
                    byte[] aad = random.bytes(packet % 2 == 0 ? 8 : 12);
                    compare(j, b, iv, aad, data);
                }
            }
        }
    }

    private static void compare(AlgorithmContext j, AlgorithmContext b, byte[] iv, byte[] aad, byte[] data) {
        if (j instanceof EncryptionContext je) {
            EncryptionContext be = (EncryptionContext) b;
            byte[] cipher = InPlace.encrypt(je, iv, data);
            assertArrayEquals(cipher, InPlace.encrypt(be, iv, data));
            assertArrayEquals(data, InPlace.decrypt(be, iv, cipher));
            assertArrayEquals(data, InPlace.decrypt(je, iv, cipher));
        } else if (j instanceof AeadContext ja) {
            AeadContext ba = (AeadContext) b;
            byte[] sealed = InPlace.seal(ja, iv, aad, data);
            assertArrayEquals(sealed, InPlace.seal(ba, iv, aad, data));
            assertArrayEquals(data, InPlace.open(ba, iv, aad, sealed).orElseThrow());
            assertArrayEquals(data, InPlace.open(ja, iv, aad, sealed).orElseThrow());
            sealed[sealed.length - 1] ^= 1;
            assertTrue(InPlace.open(ba, iv, aad, sealed).isEmpty());
            assertTrue(InPlace.open(ja, iv, aad, sealed).isEmpty());
        } else {
            IntegrityContext jm = (IntegrityContext) j;
            IntegrityContext bm = (IntegrityContext) b;
            assertEquals(jm.macSize(), bm.macSize());
            byte[] full = InPlace.mac(jm, data, jm.macSize());
            if (full.length > 0) {
                assertArrayEquals(full, InPlace.mac(bm, data, bm.macSize()));
            }
            byte[] icv = InPlace.mac(bm, data, bm.descriptor().icvSize());
            assertTrue(InPlace.verify(jm, data, icv));
            assertTrue(InPlace.verify(bm, data, icv));
        }
    }
}
