package org.ipsec4j.esp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;

/** An {@link AlgorithmRegistry} whose providers a test adds and removes; the generation moves on every change. */
final class TestRegistry implements AlgorithmRegistry {
    private final Map<String, AlgorithmProvider> byName = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong(1);

    static TestRegistry withJce() {
        TestRegistry r = new TestRegistry();
        JceTestProviders.all().forEach(r::put);
        return r;
    }

    TestRegistry put(AlgorithmProvider p) {
        byName.put(p.descriptor().name(), p);
        generation.incrementAndGet();
        return this;
    }

    TestRegistry remove(String name) {
        byName.remove(name);
        generation.incrementAndGet();
        return this;
    }

    @Override
    public Optional<AlgorithmProvider> find(AlgorithmKind kind, String name) {
        for (AlgorithmProvider p : byName.values()) {
            if (p.descriptor().kind() == kind && p.descriptor().answersTo(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<AlgorithmProvider> all() {
        return new ArrayList<>(byName.values());
    }

    @Override
    public long generation() {
        return generation.get();
    }
}
