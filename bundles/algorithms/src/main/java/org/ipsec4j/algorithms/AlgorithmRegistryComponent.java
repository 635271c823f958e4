package org.ipsec4j.algorithms;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@link AlgorithmRegistry} service: tracks every {@link AlgorithmProvider} service as it comes, goes or changes
 * its {@code service.ranking}, and answers from a {@link RankedProviders} table.
 */
@Component(service = AlgorithmRegistry.class)
public final class AlgorithmRegistryComponent implements AlgorithmRegistry {
    /** Standard service properties (org.osgi.framework.Constants), spelled out to keep this bundle free of it. */
    static final String SERVICE_ID = "service.id";
    static final String SERVICE_RANKING = "service.ranking";

    private final RankedProviders providers = new RankedProviders();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeProvider", updated = "updatedProvider")
    /** Called by DS when a provider service appears. */
    public void addProvider(AlgorithmProvider provider, Map<String, Object> properties) {
        providers.add(provider, serviceId(properties), ranking(properties));
    }

    /** Called by DS when a provider service's properties change: its ranking may have. */
    public void updatedProvider(AlgorithmProvider provider, Map<String, Object> properties) {
        providers.rerank(serviceId(properties), ranking(properties));
    }

    /** Called by DS when a provider service goes away. */
    public void removeProvider(AlgorithmProvider provider, Map<String, Object> properties) {
        providers.remove(serviceId(properties));
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

    static long serviceId(Map<String, Object> properties) {
        Object id = properties.get(SERVICE_ID);
        if (id instanceof Long l) {
            return l;
        }
        throw new IllegalArgumentException("service without a service.id: " + properties.keySet());
    }

    /** As the OSGi framework ranks: an Integer {@code service.ranking}, anything else counts as 0. */
    static int ranking(Map<String, Object> properties) {
        return properties.get(SERVICE_RANKING) instanceof Integer i ? i : 0;
    }
}
