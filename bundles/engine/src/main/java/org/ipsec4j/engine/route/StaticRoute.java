package org.ipsec4j.engine.route;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ipsec4j.api.policy.IpPrefix;

/**
 * A configured route: to {@code destination} through the neighbour {@code gateway}, or directly through the port
 * {@code port}. Parsed from and printed as the entries of the routes configuration: {@code DEST GATEWAY} or
 * {@code DEST -interface PORT}, where DEST is {@code addr/len}, a bare address (a host route) or {@code default}.
 *
 * @param destination the prefix
 * @param gateway     the next hop, or null for an interface route
 * @param port        the port of an interface route, or null
 */
public record StaticRoute(IpPrefix destination, InetAddress gateway, String port) {
    public StaticRoute {
        Objects.requireNonNull(destination, "destination");
        if ((gateway == null) == (port == null)) {
            throw new IllegalArgumentException("a route has either a gateway or an interface");
        }
        if (gateway != null && (gateway instanceof Inet4Address) != destination.isIpv4()) {
            throw new IllegalArgumentException("gateway " + gateway.getHostAddress() + " is not of the family of "
                    + destination);
        }
        if (port != null && port.isBlank()) throw new IllegalArgumentException("empty interface name");
    }

    /** Parses one entry, e.g. {@code 10.2.0.0/16 192.0.2.2} or {@code 10.9.0.0/16 -interface tun0}. */
    public static StaticRoute parse(String entry) {
        String[] w = entry.trim().split("\\s+");
        if (w.length == 3 && (w[1].equals("-interface") || w[1].equals("-iface"))) {
            return new StaticRoute(destination(w[0], null), null, w[2]);
        }
        if (w.length == 2) {
            InetAddress gw = Addresses.parse(w[1]);
            return new StaticRoute(destination(w[0], gw), gw, null);
        }
        throw new IllegalArgumentException("route: expected DEST GATEWAY or DEST -interface PORT: " + entry.trim());
    }

    /** Parses a comma-separated list of entries; blank entries are skipped. */
    public static List<StaticRoute> parseList(String entries) {
        List<StaticRoute> out = new ArrayList<>();
        for (String e : entries.split(",")) {
            if (!e.isBlank()) out.add(parse(e));
        }
        return out;
    }

    /** A destination: {@code addr/len}, a bare address (host route) or {@code default} (family of the gateway). */
    public static IpPrefix destination(String s, InetAddress gateway) {
        if (s.equals("default")) {
            if (gateway == null) throw new IllegalArgumentException("route: default needs a gateway (or write 0.0.0.0/0 or ::/0)");
            return new IpPrefix(Addresses.parse(gateway instanceof Inet4Address ? "0.0.0.0" : "::"), 0);
        }
        return Addresses.prefix(s);
    }

    /** The entry as the configuration holds it. */
    @Override
    public String toString() {
        return destination + (gateway != null ? " " + gateway.getHostAddress() : " -interface " + port);
    }
}
