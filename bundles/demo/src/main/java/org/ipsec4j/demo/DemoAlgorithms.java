package org.ipsec4j.demo;

import java.util.List;
import java.util.Optional;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.cipher.jce.JceProviders;

/** The JDK's algorithms (the cipher-jce bundle's providers), first one per name, as a registry. */
final class DemoAlgorithms implements AlgorithmRegistry {
    private final List<AlgorithmProvider> providers = JceProviders.all();

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
}
