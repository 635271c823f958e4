package org.ipsec4j.engine.admin;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.ipsec4j.api.policy.IpPrefix;
import org.osgi.annotation.versioning.ProviderType;

/** The gateway's routing table: connected prefixes of the ports and static routes. */
@ProviderType
public interface Routes {
    /** Every route, IPv4 first, longest prefixes first. */
    List<RouteInfo> list();

    /** The route a packet to {@code destination} takes, if any. */
    Optional<RouteInfo> lookup(InetAddress destination);

    /**
     * Adds (or replaces) a static route to {@code destination} through the neighbour {@code gateway}.
     *
     * @throws IllegalArgumentException when the families differ
     */
    void add(IpPrefix destination, InetAddress gateway);

    /** Adds (or replaces) a static route to {@code destination} directly through the port {@code port}. */
    void addInterface(IpPrefix destination, String port);

    /** Deletes the static route to {@code destination}; false when there is none. */
    boolean delete(IpPrefix destination);
}
