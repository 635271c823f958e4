package org.ipsec4j.io.memory;

import java.util.List;
import java.util.Objects;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.policy.IpPrefix;

/**
 * How to make a {@link MemoryPort}.
 *
 * @param name       the port's name
 * @param addresses  its addresses with prefix lengths
 * @param mtu        the largest IP packet it sends
 * @param role       {@link PacketPort#ROLE_NETWORK} or {@link PacketPort#ROLE_HOST}
 * @param queue      the receive queue depth in packets
 * @param impairment faults to inject into what it sends
 */
public record MemoryPortConfig(String name, List<IpPrefix> addresses, int mtu, String role, int queue,
        Impairment impairment) {
    public static final int DEFAULT_MTU = 1500;
    public static final int DEFAULT_QUEUE = 64;

    public MemoryPortConfig {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) throw new IllegalArgumentException("a port needs a name");
        addresses = List.copyOf(addresses);
        if (mtu < 68 || mtu > org.ipsec4j.api.io.PacketBuffers.MAX_PACKET) {
            throw new IllegalArgumentException("mtu must be 68.." + org.ipsec4j.api.io.PacketBuffers.MAX_PACKET + ": " + mtu);
        }
        if (!PacketPort.ROLE_NETWORK.equals(role) && !PacketPort.ROLE_HOST.equals(role)) {
            throw new IllegalArgumentException("role must be network or host: " + role);
        }
        if (queue < 1 || queue > 65536) throw new IllegalArgumentException("queue must be 1..65536: " + queue);
        Objects.requireNonNull(impairment, "impairment");
    }

    /** A network port with the default MTU and queue, without faults. */
    public static MemoryPortConfig of(String name, List<IpPrefix> addresses) {
        return new MemoryPortConfig(name, addresses, DEFAULT_MTU, PacketPort.ROLE_NETWORK, DEFAULT_QUEUE,
                Impairment.NONE);
    }

    public MemoryPortConfig withMtu(int m) {
        return new MemoryPortConfig(name, addresses, m, role, queue, impairment);
    }

    public MemoryPortConfig withRole(String r) {
        return new MemoryPortConfig(name, addresses, mtu, r, queue, impairment);
    }

    public MemoryPortConfig withQueue(int q) {
        return new MemoryPortConfig(name, addresses, mtu, role, q, impairment);
    }

    public MemoryPortConfig withImpairment(Impairment i) {
        return new MemoryPortConfig(name, addresses, mtu, role, queue, i);
    }
}
