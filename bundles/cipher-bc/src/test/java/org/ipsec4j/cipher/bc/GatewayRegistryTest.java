package org.ipsec4j.cipher.bc;

import static org.ipsec4j.api.crypto.AlgorithmKind.AEAD;
import static org.ipsec4j.api.crypto.AlgorithmKind.ENCRYPTION;
import static org.ipsec4j.api.crypto.AlgorithmKind.INTEGRITY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.ipsec4j.algorithms.AlgorithmRegistryComponent;
import org.ipsec4j.algorithms.testing.FakeBundleContext;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.cipher.jce.JceProviderComponent;
import org.ipsec4j.cipher.jce.JceProviders;
import org.junit.jupiter.api.Test;

/**
 * Both provider components and the registry together, the service registry played by {@link FakeBundleContext}: the
 * default rankings pick the faster provider for each algorithm, configuration moves an algorithm, stopping a provider
 * leaves the other, and each change bumps the registry's generation.
 */
class GatewayRegistryTest {
    private final AlgorithmRegistryComponent registry = new AlgorithmRegistryComponent();
    private final FakeBundleContext.Listener toRegistry = new FakeBundleContext.Listener() {
        @Override
        public void registered(Object service, Map<String, Object> properties) {
            registry.addProvider((AlgorithmProvider) service, properties);
        }

        @Override
        public void modified(Object service, Map<String, Object> properties) {
            registry.updatedProvider((AlgorithmProvider) service, properties);
        }

        @Override
        public void unregistered(Object service, Map<String, Object> properties) {
            registry.removeProvider((AlgorithmProvider) service, properties);
        }
    };

    private String provider(AlgorithmKind kind, String name) {
        return registry.find(kind, name).map(AlgorithmProvider::providerName).orElse("none");
    }

    @Test
    void defaultsPreferTheFasterProviderOfEachAlgorithm() {
        new JceProviderComponent(new FakeBundleContext(toRegistry).context, Map.of());
        new BcProviderComponent(new FakeBundleContext(toRegistry).context, Map.of());
        assertEquals("jce", provider(AEAD, "aes-gcm-16"));
        assertEquals("jce", provider(ENCRYPTION, "rijndael-cbc"));
        assertEquals(Runtime.version().feature() >= 21 ? "jce" : "bc", provider(AEAD, "chacha20-poly1305"));
        assertEquals("jce", provider(INTEGRITY, "hmac-sha2-256"));
        assertEquals("jce", provider(INTEGRITY, "hmac-sha256-96"));
        assertEquals("bc", provider(ENCRYPTION, "3des-cbc"));
        assertEquals("bc", provider(ENCRYPTION, "des-cbc"));
        assertEquals("bc", provider(ENCRYPTION, "blowfish-cbc"));
        assertEquals("bc", provider(AEAD, "aes-gcm-8"));
        assertEquals("bc", provider(INTEGRITY, "aes-xcbc-mac"));
        assertEquals("bc", provider(ENCRYPTION, "cast128-cbc"));
        assertEquals(Optional.empty(), registry.find(AEAD, "aes-ccm-16"));
    }

    @Test
    void configurationMovesAnAlgorithmAndStoppingAProviderLeavesTheOther() {
        JceProviderComponent jce = new JceProviderComponent(new FakeBundleContext(toRegistry).context, Map.of());
        BcProviderComponent bc = new BcProviderComponent(new FakeBundleContext(toRegistry).context, Map.of());
        long before = registry.generation();

        bc.modified(Map.of("ranking.aes-gcm-16", "300"));
        assertEquals("bc", provider(AEAD, "aes-gcm-16"));
        assertEquals(before + 1, registry.generation(), "one algorithm re-ranked");

        bc.deactivate();
        assertEquals("jce", provider(AEAD, "aes-gcm-16"));
        assertEquals("jce", provider(ENCRYPTION, "3des-cbc"));
        assertEquals("none", provider(ENCRYPTION, "cast128-cbc"));
        assertTrue(registry.generation() > before + 1);

        jce.deactivate();
        assertEquals("none", provider(AEAD, "aes-gcm-16"));
        assertEquals(0, registry.all().size());
    }

    @Test
    void withoutAFrameworkTheSameProvidersWithTheSameRankings() {
        FakeBundleContext jce = new FakeBundleContext();
        FakeBundleContext bc = new FakeBundleContext();
        new JceProviderComponent(jce.context, Map.of());
        new BcProviderComponent(bc.context, Map.of());
        assertEquals(jce.registrations.stream().map(r -> r.service.toString()).toList(),
                JceProviders.all().stream().map(Object::toString).toList());
        assertEquals(bc.registrations.stream().map(r -> r.service.toString()).toList(),
                BcProviders.all().stream().map(Object::toString).toList());
        for (FakeBundleContext.Registration r : jce.registrations) {
            assertEquals(r.properties.get("service.ranking"), JceProviders.defaultRanking((AlgorithmProvider) r.service));
        }
        for (FakeBundleContext.Registration r : bc.registrations) {
            assertEquals(r.properties.get("service.ranking"), BcProviders.defaultRanking((AlgorithmProvider) r.service));
        }
    }
}
