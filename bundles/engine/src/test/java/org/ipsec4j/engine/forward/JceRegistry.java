package org.ipsec4j.engine.forward;

import java.util.List;
import java.util.Optional;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.cipher.jce.JceProviders;

/** The JDK's algorithms as the gateway's registry would offer them (first provider per name wins). */
final class JceRegistry implements AlgorithmRegistry {
    static final JceRegistry INSTANCE = new JceRegistry();
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
