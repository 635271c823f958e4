package org.ipsec4j.cipher.bc;

import java.util.List;
import org.ipsec4j.algorithms.support.OfferedAlgorithm;
import org.ipsec4j.api.crypto.AlgorithmProvider;

/**
 * This bundle's algorithm providers for code that runs without an OSGi framework (the offline tool on a flat class
 * path, tests of other bundles): the objects that {@link BcProviderComponent} registers as services. In a framework
 * the package is private; use the {@code AlgorithmRegistry} service there.
 */
public final class BcProviders {
    private BcProviders() {
    }

    /** One provider per algorithm. */
    public static List<AlgorithmProvider> all() {
        return List.copyOf(BcAlgorithms.all());
    }

    /** The {@code service.ranking} the component registers {@code provider} with unless configured otherwise. */
    public static int defaultRanking(AlgorithmProvider provider) {
        return provider instanceof OfferedAlgorithm o ? o.defaultRanking() : 0;
    }
}
