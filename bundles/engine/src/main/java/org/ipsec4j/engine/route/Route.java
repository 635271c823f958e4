package org.ipsec4j.engine.route;

import java.net.InetAddress;
import java.util.Objects;
import org.ipsec4j.api.policy.IpPrefix;

/**
 * One route of a {@link RoutingTable} snapshot. Immutable.
 *
 * @param destination the prefix
 * @param gateway     the next hop's address bytes (4 or 16), or null: the packet's destination is the next hop
 * @param port        the port the route leaves through; null while a static route's gateway lies on no port
 * @param kind        connected or static
 */
public record Route(IpPrefix destination, byte[] gateway, String port, Kind kind) {
    /** Where a route comes from. */
    public enum Kind {
        /** The prefix of a port's address. */
        CONNECTED,
        /** Configured: {@code ipsec:route add} or the routes configuration. */
        STATIC
    }

    public Route {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(kind, "kind");
    }

    /** Whether packets can take it. */
    public boolean usable() {
        return port != null;
    }

    /** The gateway as an address, or null. */
    public InetAddress gatewayAddress() {
        if (gateway == null) return null;
        try {
            return InetAddress.getByAddress(gateway);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code netstat -rn} flags: U usable, G gateway, S static, C connected, H host route. */
    public String flags() {
        StringBuilder b = new StringBuilder();
        if (usable()) b.append('U');
        if (gateway != null) b.append('G');
        b.append(kind == Kind.STATIC ? 'S' : 'C');
        if (destination.isHost()) b.append('H');
        return b.toString();
    }
}
