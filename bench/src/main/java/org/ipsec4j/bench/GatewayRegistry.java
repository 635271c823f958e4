package org.ipsec4j.bench;

import java.util.List;
import java.util.Map;
import org.ipsec4j.algorithms.AlgorithmRegistryComponent;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.cipher.bc.BcProviders;
import org.ipsec4j.cipher.jce.JceProviders;

/**
 * The algorithm registry of a gateway with both provider bundles, built without a framework: the registry component
 * gets every provider of {@code cipher-jce} and {@code cipher-bc} with the {@code service.ranking} its bundle's
 * component registers it with, so each algorithm goes to the provider a default gateway would pick (3DES and, before
 * JDK 21, ChaCha20-Poly1305 to Bouncy Castle; AES, HMAC and later ChaCha20-Poly1305 to the JCE).
 */
final class GatewayRegistry {
    private GatewayRegistry() {
    }

    /** The registry, plus {@code extra} providers ranked above every other (experiments; normally none). */
    static AlgorithmRegistry create(AlgorithmProvider... extra) {
        AlgorithmRegistryComponent registry = new AlgorithmRegistryComponent();
        long serviceId = 1;
        for (AlgorithmProvider p : JceProviders.all()) {
            registry.addProvider(p, properties(serviceId++, JceProviders.defaultRanking(p)));
        }
        for (AlgorithmProvider p : BcProviders.all()) {
            registry.addProvider(p, properties(serviceId++, BcProviders.defaultRanking(p)));
        }
        for (AlgorithmProvider p : extra) {
            registry.addProvider(p, properties(serviceId++, Integer.MAX_VALUE));
        }
        return registry;
    }

    private static Map<String, Object> properties(long serviceId, int ranking) {
        return Map.of("service.id", serviceId, "service.ranking", ranking);
    }

    /** For the log: which provider serves each suite. */
    static List<String> describe(AlgorithmRegistry registry) {
        return java.util.Arrays.stream(Suite.values()).map(s -> s.id + " by " + s.providers(registry)).toList();
    }
}
