package org.ipsec4j.algorithms.support;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * The {@link AlgorithmProvider} services of one provider bundle: one per offered algorithm, with the service properties
 * {@link AlgorithmProvider#ALGORITHM_NAME}, {@link AlgorithmProvider#PROVIDER_NAME} and {@code service.ranking}.
 * {@link #apply} brings the registrations in line with new settings: it registers, unregisters, and changes the ranking
 * of a registered service in place (so the registry sees a modification, not a new service).
 */
public final class ProviderRegistrations {
    private final BundleContext context;
    private final List<OfferedAlgorithm> offered;
    /** Guarded by {@code this}. */
    private final Map<OfferedAlgorithm, Registered> registered = new LinkedHashMap<>();

    private record Registered(ServiceRegistration<AlgorithmProvider> registration, int ranking) {
    }

    public ProviderRegistrations(BundleContext context, List<OfferedAlgorithm> offered) {
        this.context = context;
        this.offered = List.copyOf(offered);
    }

    /**
     * Brings the services in line with the configuration {@code properties} of the provider bundle's {@code pid}
     * (see {@link ProviderSettings}), and logs what is wrong with it as warnings: what a provider component does on
     * activation and on each change of its configuration.
     */
    public void configure(String pid, Map<String, ?> properties) {
        ProviderSettings settings = ProviderSettings.parse(properties,
                offered.stream().map(OfferedAlgorithm::descriptor).toList());
        System.Logger log = System.getLogger(pid);
        settings.warnings().forEach(w -> log.log(System.Logger.Level.WARNING, pid + ": " + w));
        apply(settings);
    }

    /** Registers, re-ranks or unregisters so that the services match {@code settings}. */
    public synchronized void apply(ProviderSettings settings) {
        for (OfferedAlgorithm a : offered) {
            String name = a.descriptor().name();
            Registered current = registered.get(a);
            if (settings.disabled(name)) {
                if (current != null) {
                    unregister(current);
                    registered.remove(a);
                }
                continue;
            }
            int ranking = settings.ranking(name, a.defaultRanking());
            if (current == null) {
                registered.put(a, new Registered(context.registerService(AlgorithmProvider.class, a,
                        properties(a, ranking)), ranking));
            } else if (current.ranking() != ranking) {
                current.registration().setProperties(properties(a, ranking));
                registered.put(a, new Registered(current.registration(), ranking));
            }
        }
    }

    /** Unregisters every service (on deactivation). */
    public synchronized void unregisterAll() {
        registered.values().forEach(ProviderRegistrations::unregister);
        registered.clear();
    }

    /** The registered algorithms and their rankings, in the order offered. */
    public synchronized Map<OfferedAlgorithm, Integer> rankings() {
        Map<OfferedAlgorithm, Integer> out = new LinkedHashMap<>();
        registered.forEach((a, r) -> out.put(a, r.ranking()));
        return out;
    }

    static Dictionary<String, Object> properties(OfferedAlgorithm a, int ranking) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(AlgorithmProvider.ALGORITHM_NAME, a.descriptor().name());
        p.put(AlgorithmProvider.PROVIDER_NAME, a.providerName());
        p.put(Constants.SERVICE_RANKING, ranking);
        return p;
    }

    private static void unregister(Registered r) {
        try {
            r.registration().unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it already, as it does when the bundle stops
        }
    }
}
