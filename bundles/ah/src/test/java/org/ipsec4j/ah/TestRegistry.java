package org.ipsec4j.ah;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.cipher.bc.BcProviders;
import org.ipsec4j.cipher.jce.JceProviders;

/**
 * An {@link AlgorithmRegistry} whose providers a test adds and removes; the generation moves on every change. Its usual
 * contents are the algorithms of the {@code cipher-jce} bundle, and those of {@code cipher-bc} that the JCE lacks
 * (AES-XCBC-MAC, AES-CMAC, HMAC-RIPEMD-160, the keyed digests), as the providers' components would register them.
 */
final class TestRegistry implements AlgorithmRegistry {
    private final Map<String, AlgorithmProvider> byName = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong(1);

    /** The JCE's algorithms, then Bouncy Castle's for the names the JCE does not offer. */
    static TestRegistry withAll() {
        TestRegistry r = new TestRegistry();
        for (AlgorithmProvider p : BcProviders.all()) {
            r.put(p);
        }
        for (AlgorithmProvider p : JceProviders.all()) {
            r.put(p);
        }
        return r;
    }

    TestRegistry put(AlgorithmProvider p) {
        byName.put(p.descriptor().kind() + "/" + p.descriptor().name(), p);
        generation.incrementAndGet();
        return this;
    }

    TestRegistry remove(AlgorithmKind kind, String name) {
        byName.remove(kind + "/" + name);
        generation.incrementAndGet();
        return this;
    }

    AlgorithmProvider get(AlgorithmKind kind, String name) {
        return byName.get(kind + "/" + name);
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
