package org.ipsec4j.engine.admin;

import java.util.List;
import org.ipsec4j.api.io.PortCounters;
import org.ipsec4j.api.policy.IpPrefix;

/**
 * A port as the engine sees it.
 *
 * @param name      its name
 * @param role      {@code network} or {@code host}
 * @param running   whether it delivers packets to the engine
 * @param addresses its addresses
 * @param mtu       its MTU
 * @param counters  its counters
 */
public record PortInfo(String name, String role, boolean running, List<IpPrefix> addresses, int mtu,
        PortCounters counters) {
    public PortInfo {
        addresses = List.copyOf(addresses);
    }
}
