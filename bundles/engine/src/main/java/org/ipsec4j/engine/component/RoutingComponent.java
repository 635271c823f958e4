package org.ipsec4j.engine.component;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.engine.admin.RouteInfo;
import org.ipsec4j.engine.admin.Routes;
import org.ipsec4j.engine.route.RouteAdmin;
import org.ipsec4j.engine.route.RoutingTable;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The routing table, its static routes backed by the ConfigAdmin configuration {@value #PID} (property
 * {@code routes}, see docs/CONFIGURATION.md); the engine adds the ports' connected prefixes. Changes through
 * {@link Routes} apply at once and are recorded in the configuration.
 */
@Component(configurationPid = RoutingComponent.PID, service = {Routes.class, RoutingComponent.class})
public final class RoutingComponent implements Routes {
    /** The configuration PID. */
    public static final String PID = "org.ipsec4j.engine.routes";
    /** The property holding the static routes. */
    public static final String ROUTES = "routes";
    private static final Logger LOG = Logger.getLogger(RoutingComponent.class.getName());

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ConfigurationAdmin configAdmin;

    private final RouteAdmin admin;

    @Activate
    public RoutingComponent(Map<String, Object> config) {
        admin = new RouteAdmin(new RoutingTable(),
                routes -> ConfigStore.update(configAdmin, PID, p -> p.put(ROUTES, RouteAdmin.format(routes))));
        apply(config);
    }

    @Modified
    void modified(Map<String, Object> config) {
        apply(config);
    }

    private void apply(Map<String, Object> config) {
        for (String problem : admin.apply(config.get(ROUTES))) LOG.warning(PID + ": " + problem);
    }

    /** The table the engine routes with. */
    public RoutingTable table() {
        return admin.table();
    }

    @Override
    public List<RouteInfo> list() {
        return admin.list();
    }

    @Override
    public Optional<RouteInfo> lookup(InetAddress destination) {
        return admin.lookup(destination);
    }

    @Override
    public void add(IpPrefix destination, InetAddress gateway) {
        admin.add(destination, gateway);
    }

    @Override
    public void addInterface(IpPrefix destination, String port) {
        admin.addInterface(destination, port);
    }

    @Override
    public boolean delete(IpPrefix destination) {
        return admin.delete(destination);
    }
}
