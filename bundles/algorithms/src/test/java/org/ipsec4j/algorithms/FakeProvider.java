package org.ipsec4j.algorithms;

import java.util.List;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.KeySizes;

/** A provider that only describes itself: the registry never makes contexts. */
record FakeProvider(AlgorithmDescriptor descriptor, String providerName) implements AlgorithmProvider {
    static FakeProvider of(AlgorithmKind kind, String name, String provider, String... aliases) {
        return new FakeProvider(new AlgorithmDescriptor(name, List.of(aliases), kind, KeySizes.exactly(128), 16, 16, 0),
                provider);
    }

    @Override
    public AlgorithmContext newContext(byte[] key) {
        throw new UnsupportedOperationException("the registry must not key algorithms");
    }

    @Override
    public String toString() {
        return descriptor.name() + "@" + providerName;
    }
}
