package org.ipsec4j.engine.admin;

import java.net.InetAddress;
import org.ipsec4j.api.policy.IpPrefix;

/**
 * One route as {@code netstat -rn} shows it.
 *
 * @param destination the prefix
 * @param gateway     the next hop, or null for a connected or interface route
 * @param port        the port the route leaves through, or null while a static route's gateway is unreachable
 * @param flags       {@code U} usable, {@code G} through a gateway, {@code S} static, {@code C} connected,
 *                    {@code H} host route
 */
public record RouteInfo(IpPrefix destination, InetAddress gateway, String port, String flags) {
    /** Whether packets can take this route (its gateway is on a connected prefix). */
    public boolean usable() {
        return flags.indexOf('U') >= 0;
    }
}
