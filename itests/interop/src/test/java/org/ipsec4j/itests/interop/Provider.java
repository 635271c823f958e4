package org.ipsec4j.itests.interop;

import java.util.List;
import java.util.Optional;
import org.ipsec4j.algorithms.RankedProviders;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.cipher.bc.BcProviders;
import org.ipsec4j.cipher.jce.JceProviders;

/**
 * The algorithm provider bundles, each tested on its own: an ipsec4j end built with one of them has only that
 * bundle's algorithms, so every case runs once per provider that offers both of its algorithms.
 */
enum Provider {
    JCE(JceProviders.all()),
    BC(BcProviders.all());

    private final List<AlgorithmProvider> providers;

    Provider(List<AlgorithmProvider> providers) {
        this.providers = providers;
    }

    /** Whether this bundle offers {@code a}. */
    boolean offers(EspAlgorithm a) {
        AlgorithmKind kind = switch (a.kind()) {
            case ENCRYPTION -> AlgorithmKind.ENCRYPTION;
            case AEAD -> AlgorithmKind.AEAD;
            case INTEGRITY -> AlgorithmKind.INTEGRITY;
        };
        return providers.stream().anyMatch(p -> p.descriptor().kind() == kind && p.descriptor().answersTo(a.setkey()));
    }

    boolean offers(EspCase c) {
        return offers(c.encryption()) && offers(c.auth());
    }

    /** A registry of this bundle's algorithms only. */
    AlgorithmRegistry registry() {
        RankedProviders ranked = new RankedProviders();
        long id = 1;
        for (AlgorithmProvider p : providers) {
            ranked.add(p, id++, 0);
        }
        return new AlgorithmRegistry() {
            @Override
            public Optional<AlgorithmProvider> find(AlgorithmKind kind, String name) {
                return ranked.find(kind, name);
            }

            @Override
            public List<AlgorithmProvider> all() {
                return ranked.all();
            }

            @Override
            public long generation() {
                return ranked.generation();
            }
        };
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
