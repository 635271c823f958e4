package org.ipsec4j.api.crypto;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Tracks the {@link AlgorithmProvider} services as they come and go. For each algorithm name the provider with the
 * highest {@code service.ranking} wins. Transforms cache the provider they bound an SA to together with
 * {@link #generation()}, and bind again when it changed: so SAs survive providers being stopped, started or replaced.
 */
@ProviderType
public interface AlgorithmRegistry {
    /** The preferred provider of the algorithm called {@code name} (or an alias) of {@code kind}, if any. */
    Optional<AlgorithmProvider> find(AlgorithmKind kind, String name);

    /** Every provider of every algorithm, the preferred one of each name first. */
    List<AlgorithmProvider> all();

    /** Changes whenever a provider is added, removed or re-ranked. A volatile read: cheap per packet. */
    long generation();
}
