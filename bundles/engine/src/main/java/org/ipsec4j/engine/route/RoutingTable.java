package org.ipsec4j.engine.route;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipsec4j.api.policy.IpPrefix;

/**
 * The gateway's IPv4 and IPv6 routing table: the connected prefixes of the ports' addresses and the static routes.
 *
 * <p>Writers (ports coming and going, {@code ipsec:route}, configuration) are serialised and build a new immutable
 * {@link Snapshot}; {@link #lookup} reads the current snapshot through one volatile read, takes no lock and allocates
 * nothing. A snapshot keeps each family's usable routes sorted by prefix length, longest first (a static route before
 * a connected one of the same length), so the first match is the longest-prefix match. A static route through a
 * gateway leaves by the port whose connected prefix holds the gateway (the longest one); while no port's prefix
 * holds it (or, for an interface route, while its port is not attached) the route is listed but not used.
 */
public final class RoutingTable {
    private final Map<String, List<IpPrefix>> connected = new LinkedHashMap<>();
    private final Map<IpPrefix, StaticRoute> statics = new LinkedHashMap<>();
    private volatile Snapshot snapshot = new Snapshot(new Route[0], new Route[0], List.of());

    /** One immutable state of the table. */
    public static final class Snapshot {
        private final Route[] v4;
        private final Route[] v6;
        private final List<Route> all;

        Snapshot(Route[] v4, Route[] v6, List<Route> all) {
            this.v4 = v4;
            this.v6 = v6;
            this.all = List.copyOf(all);
        }

        /** The route for the address {@code buf[off..off+len)} (4 or 16 bytes), or null. Allocation-free. */
        public Route lookup(byte[] buf, int off, int len) {
            Route[] routes = len == 4 ? v4 : v6;
            for (Route r : routes) {
                if (r.destination().contains(buf, off, len)) return r;
            }
            return null;
        }

        /** Every route, usable or not: IPv4 first, longest prefixes first. */
        public List<Route> routes() {
            return all;
        }
    }

    /** The current snapshot. */
    public Snapshot snapshot() {
        return snapshot;
    }

    /** The route for the address {@code buf[off..off+len)}, or null; see {@link Snapshot#lookup}. */
    public Route lookup(byte[] buf, int off, int len) {
        return snapshot.lookup(buf, off, len);
    }

    /** The route for {@code a}, or null (control plane). */
    public Route lookup(InetAddress a) {
        byte[] b = a.getAddress();
        return lookup(b, 0, b.length);
    }

    /**
     * Sets the connected prefixes of port {@code port} (its addresses, possibly none): the port is attached, and
     * interface routes through it become usable.
     */
    public synchronized void setConnected(String port, List<IpPrefix> prefixes) {
        connected.put(port, List.copyOf(prefixes));
        rebuild();
    }

    /** Removes port {@code port}: its connected prefixes and the routes through it. */
    public synchronized void removeConnected(String port) {
        connected.remove(port);
        rebuild();
    }

    /** Adds or replaces the static route to its destination. */
    public synchronized void addStatic(StaticRoute r) {
        statics.put(r.destination(), r);
        rebuild();
    }

    /** Deletes the static route to {@code destination}; false when there was none. */
    public synchronized boolean removeStatic(IpPrefix destination) {
        boolean removed = statics.remove(destination) != null;
        if (removed) rebuild();
        return removed;
    }

    /** Replaces every static route (a configuration update). */
    public synchronized void setStatics(List<StaticRoute> routes) {
        statics.clear();
        for (StaticRoute r : routes) statics.put(r.destination(), r);
        rebuild();
    }

    /** The static routes, in the order added. */
    public synchronized List<StaticRoute> statics() {
        return List.copyOf(statics.values());
    }

    private void rebuild() {
        List<Route> all = new ArrayList<>();
        for (Map.Entry<String, List<IpPrefix>> e : connected.entrySet()) {
            for (IpPrefix p : e.getValue()) {
                all.add(new Route(new IpPrefix(p.network(), p.length()), null, e.getKey(), Route.Kind.CONNECTED));
            }
        }
        List<Route> connectedRoutes = List.copyOf(all);
        for (StaticRoute s : statics.values()) {
            if (s.port() != null) {
                String port = connected.containsKey(s.port()) ? s.port() : null;
                all.add(new Route(s.destination(), null, port, Route.Kind.STATIC));
            } else {
                byte[] gw = s.gateway().getAddress();
                all.add(new Route(s.destination(), gw, portHolding(connectedRoutes, gw), Route.Kind.STATIC));
            }
        }
        // a static route replaces a connected route of the same prefix
        all.removeIf(r -> r.kind() == Route.Kind.CONNECTED && statics.containsKey(r.destination()));
        all.sort(Comparator.comparing((Route r) -> !r.destination().isIpv4())
                .thenComparing(r -> -r.destination().length())
                .thenComparing(r -> r.kind() == Route.Kind.STATIC ? 0 : 1));
        List<Route> v4 = new ArrayList<>();
        List<Route> v6 = new ArrayList<>();
        for (Route r : all) {
            if (r.usable()) (r.destination().isIpv4() ? v4 : v6).add(r);
        }
        snapshot = new Snapshot(v4.toArray(new Route[0]), v6.toArray(new Route[0]), all);
    }

    private static String portHolding(List<Route> connectedRoutes, byte[] gw) {
        Route best = null;
        for (Route r : connectedRoutes) {
            if (r.destination().contains(gw, 0, gw.length)
                    && (best == null || r.destination().length() > best.destination().length())) {
                best = r;
            }
        }
        return best == null ? null : best.port();
    }
}
