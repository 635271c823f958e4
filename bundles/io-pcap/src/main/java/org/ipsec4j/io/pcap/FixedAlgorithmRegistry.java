package org.ipsec4j.io.pcap;

import java.util.List;
import java.util.Optional;
import org.ipsec4j.algorithms.RankedProviders;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;

/**
 * An {@link AlgorithmRegistry} over a fixed list of providers, for a gateway assembled without OSGi: the same ranking
 * rules as the registry component (first listed wins among equals), no providers coming or going.
 */
final class FixedAlgorithmRegistry implements AlgorithmRegistry {
    private final RankedProviders providers = new RankedProviders();

    /** @param providers the providers, preferred first */
    FixedAlgorithmRegistry(List<AlgorithmProvider> providers) {
        long id = 1;
        for (AlgorithmProvider p : providers) {
            this.providers.add(p, id++, 0);
        }
    }

    @Override
    public Optional<AlgorithmProvider> find(AlgorithmKind kind, String name) {
        return providers.find(kind, name);
    }

    @Override
    public List<AlgorithmProvider> all() {
        return providers.all();
    }

    @Override
    public long generation() {
        return providers.generation();
    }
}
