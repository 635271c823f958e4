package org.ipsec4j.shell;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Process;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The Gogo command {@code ipsec:algorithms}: every algorithm the running gateway offers, its providers with their
 * rankings, and which provider is active. A thin adapter over {@link AlgorithmsListing}; it tracks the
 * {@link AlgorithmProvider} services itself for their {@code service.ranking} (including changes made through
 * ConfigAdmin) and asks the {@link AlgorithmRegistry} which one it prefers.
 */
@Component(
        service = AlgorithmsCommand.class,
        property = {"osgi.command.scope=ipsec", "osgi.command.function=algorithms"})
public final class AlgorithmsCommand {
    /** Standard service properties (org.osgi.framework.Constants), spelled out to keep this bundle free of it. */
    private static final String SERVICE_ID = "service.id";
    private static final String SERVICE_RANKING = "service.ranking";

    private final AlgorithmsListing listing;
    /** The provider services by service id, with their current ranking. */
    private final Map<Long, AlgorithmsListing.Offer> offers = new ConcurrentHashMap<>();

    /** Creates the command over the gateway's algorithm registry. */
    @Activate
    public AlgorithmsCommand(@Reference AlgorithmRegistry registry) {
        this.listing = new AlgorithmsListing(registry);
    }

    /** Called by DS when a provider service appears. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeProvider", updated = "updatedProvider")
    public void addProvider(AlgorithmProvider provider, Map<String, Object> properties) {
        offers.put(serviceId(properties), new AlgorithmsListing.Offer(provider, ranking(properties)));
    }

    /** Called by DS when a provider service's properties change: its ranking may have. */
    public void updatedProvider(AlgorithmProvider provider, Map<String, Object> properties) {
        addProvider(provider, properties);
    }

    /** Called by DS when a provider service goes away. */
    public void removeProvider(AlgorithmProvider provider, Map<String, Object> properties) {
        offers.remove(serviceId(properties));
    }

    /** Prints the table of algorithms; see {@link AlgorithmsListing}. */
    @Descriptor("the algorithms the gateway offers now: each provider (jce, bc, ...) with its service.ranking,"
            + " and * on the active one, which new and re-bound SAs use")
    public void algorithms() {
        print(null);
    }

    /** Prints the providers of one algorithm. */
    @Descriptor("the providers of one algorithm, with their rankings and the active one")
    public void algorithms(@Descriptor("a setkey algorithm name or alias, e.g. aes-gcm-16 or rijndael-cbc") String name) {
        print(name);
    }

    private void print(String name) {
        Process process = Process.Utils.current();
        PrintStream out = process != null ? process.out() : System.out;
        out.print(listing.format(List.copyOf(offers.values()), name));
        out.flush();
    }

    private static long serviceId(Map<String, Object> properties) {
        return properties.get(SERVICE_ID) instanceof Long l ? l : -1L;
    }

    /** As the OSGi framework ranks: an Integer {@code service.ranking}, anything else counts as 0. */
    private static int ranking(Map<String, Object> properties) {
        return properties.get(SERVICE_RANKING) instanceof Integer i ? i : 0;
    }
}
