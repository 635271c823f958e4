package org.ipsec4j.algorithms.support;

import java.util.Objects;
import java.util.function.Function;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.StandardAlgorithms;

/**
 * One algorithm of a provider bundle, the object registered as an {@link AlgorithmProvider} service: a descriptor, a
 * default {@code service.ranking} and a factory of contexts that is only ever given keys that passed
 * {@link StandardAlgorithms#checkKey}.
 */
public final class OfferedAlgorithm implements AlgorithmProvider {
    private final AlgorithmDescriptor descriptor;
    private final String providerName;
    private final int defaultRanking;
    private final Function<byte[], AlgorithmContext> factory;

    public OfferedAlgorithm(AlgorithmDescriptor descriptor, String providerName, int defaultRanking,
            Function<byte[], AlgorithmContext> factory) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.providerName = Objects.requireNonNull(providerName, "providerName");
        this.defaultRanking = defaultRanking;
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public AlgorithmDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public String providerName() {
        return providerName;
    }

    /** The {@code service.ranking} this algorithm is registered with unless configured otherwise. */
    public int defaultRanking() {
        return defaultRanking;
    }

    @Override
    public AlgorithmContext newContext(byte[] key) {
        StandardAlgorithms.checkKey(descriptor, key);
        return factory.apply(key);
    }

    @Override
    public String toString() {
        return descriptor.name() + "@" + providerName;
    }
}
