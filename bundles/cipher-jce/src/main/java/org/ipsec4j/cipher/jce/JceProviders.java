package org.ipsec4j.cipher.jce;

import java.util.List;
import org.ipsec4j.algorithms.support.OfferedAlgorithm;
import org.ipsec4j.api.crypto.AlgorithmProvider;

/**
 * This bundle's algorithm providers for code that runs without an OSGi framework (the offline tool on a flat class
 * path, tests of other bundles): the objects that {@link JceProviderComponent} registers as services. In a framework
 * the package is private; use the {@code AlgorithmRegistry} service there.
 */
public final class JceProviders {
    private JceProviders() {
    }

    /** One provider per algorithm this JDK can do. */
    public static List<AlgorithmProvider> all() {
        return List.copyOf(JceAlgorithms.available());
    }

    /** The {@code service.ranking} the component registers {@code provider} with unless configured otherwise. */
    public static int defaultRanking(AlgorithmProvider provider) {
        return provider instanceof OfferedAlgorithm o ? o.defaultRanking() : 0;
    }
}
