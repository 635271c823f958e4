package org.ipsec4j.engine.route;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.engine.admin.RouteInfo;
import org.ipsec4j.engine.admin.Routes;

/**
 * The {@link Routes} logic over a {@link RoutingTable}, free of OSGi. Each change of the static routes is handed to
 * a store (ConfigAdmin's {@code org.ipsec4j.engine.routes} in the gateway) after it was applied.
 */
public final class RouteAdmin implements Routes {
    private final RoutingTable table;
    private final Consumer<List<StaticRoute>> store;

    public RouteAdmin(RoutingTable table, Consumer<List<StaticRoute>> store) {
        this.table = table;
        this.store = store;
    }

    public RoutingTable table() {
        return table;
    }

    @Override
    public List<RouteInfo> list() {
        List<RouteInfo> out = new ArrayList<>();
        for (Route r : table.snapshot().routes()) out.add(info(r));
        return out;
    }

    @Override
    public Optional<RouteInfo> lookup(InetAddress destination) {
        return Optional.ofNullable(table.lookup(destination)).map(RouteAdmin::info);
    }

    @Override
    public void add(IpPrefix destination, InetAddress gateway) {
        table.addStatic(new StaticRoute(destination, gateway, null));
        store.accept(table.statics());
    }

    @Override
    public void addInterface(IpPrefix destination, String port) {
        table.addStatic(new StaticRoute(destination, null, port));
        store.accept(table.statics());
    }

    @Override
    public boolean delete(IpPrefix destination) {
        boolean removed = table.removeStatic(destination);
        if (removed) store.accept(table.statics());
        return removed;
    }

    /**
     * Applies the configuration property {@code routes} (comma-separated entries, see {@link StaticRoute#parse}):
     * the static routes become exactly its valid entries. Returns the problems, one message per bad entry.
     */
    public List<String> apply(Object routes) {
        List<StaticRoute> ok = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String entry : entries(routes)) {
            try {
                ok.add(StaticRoute.parse(entry));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        table.setStatics(ok);
        return problems;
    }

    /** The configuration value for a list of static routes. */
    public static String format(List<StaticRoute> routes) {
        StringBuilder b = new StringBuilder();
        for (StaticRoute r : routes) {
            if (b.length() > 0) b.append(", ");
            b.append(r);
        }
        return b.toString();
    }

    private static List<String> entries(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof String[] a) {
            for (String s : a) out.addAll(split(s));
        } else if (v instanceof Iterable<?> it) {
            for (Object o : it) out.addAll(split(o.toString()));
        } else if (v != null) {
            out.addAll(split(v.toString()));
        }
        return out;
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        for (String e : s.split(",")) {
            if (!e.isBlank()) out.add(e.trim());
        }
        return out;
    }

    private static RouteInfo info(Route r) {
        return new RouteInfo(r.destination(), r.gatewayAddress(), r.port(), r.flags());
    }
}
