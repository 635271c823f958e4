package org.ipsec4j.engine.forward;

import java.util.List;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.policy.IpPrefix;

/**
 * A port the gateway is attached to: the port, its name and role, and its addresses as the engine took them when it
 * attached (with the first address of each family as raw bytes, the source of the ICMP errors it sends). Immutable;
 * an address change replaces the entry.
 */
final class PortEntry {
    final PacketPort port;
    final String name;
    final boolean host;
    final List<IpPrefix> addresses;
    /** The first IPv4 and IPv6 addresses (4 and 16 bytes), or null. */
    final byte[] address4;
    final byte[] address6;
    volatile boolean running;

    PortEntry(PacketPort port, String name, boolean host, List<IpPrefix> addresses) {
        this.port = port;
        this.name = name;
        this.host = host;
        this.addresses = List.copyOf(addresses);
        byte[] a4 = null;
        byte[] a6 = null;
        for (IpPrefix p : this.addresses) {
            if (p.isIpv4() && a4 == null) a4 = p.address().getAddress();
            if (!p.isIpv4() && a6 == null) a6 = p.address().getAddress();
        }
        this.address4 = a4;
        this.address6 = a6;
    }

    /** The port's first address of IP version {@code version}, or null. */
    byte[] address(int version) {
        return version == 6 ? address6 : address4;
    }

    String role() {
        return host ? PacketPort.ROLE_HOST : PacketPort.ROLE_NETWORK;
    }
}
