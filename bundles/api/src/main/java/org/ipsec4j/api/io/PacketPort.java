package org.ipsec4j.api.io;

import java.util.List;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.policy.IpPrefix;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A named attachment of the gateway to a network, registered as an OSGi service by an I/O bundle, with the service
 * properties {@link #NAME} and {@link #ROLE}. It carries IP packets: it strips and adds its own link-layer framing,
 * answers ARP and neighbour solicitations for its addresses and keeps its neighbour cache. The engine registers
 * itself as the receiver and calls {@link #send} with the next hop it routed to.
 */
@ConsumerType
public interface PacketPort {
    /** Service property: the port's name, unique in the gateway (e.g. {@code lan0}). */
    String NAME = "ipsec4j.port.name";
    /** Service property: {@link #ROLE_NETWORK} (default) or {@link #ROLE_HOST}. */
    String ROLE = "ipsec4j.port.role";
    /** A port to a network: packets for its addresses are the gateway's own. */
    String ROLE_NETWORK = "network";
    /**
     * A port to the host's own kernel (a TUN device in end-host mode): the engine delivers packets addressed to the
     * gateway's addresses there, and what the kernel sends arrives here for outbound processing.
     */
    String ROLE_HOST = "host";

    String name();

    /** The largest IP packet the port can send, in bytes. */
    int mtu();

    /** The port's own addresses with their prefix lengths; their prefixes are connected routes. */
    List<IpPrefix> addresses();

    /**
     * Starts receiving: every IP packet that arrives is handed to {@code receiver} on the port's own thread. The
     * buffer belongs to the port and is valid only during the call (the receiver may change it in place and may pass
     * it to {@link #send} of any port before returning).
     */
    void start(PacketReceiver receiver);

    /** Stops receiving; returns when no receive call is running any more. */
    void stop();

    /**
     * Sends the IP packet in {@code packet} toward {@code nextHop} (an address of the packet's family: 4 or 16 bytes at
     * {@code nextHopOffset}; ignored by point-to-point ports). The port may add its framing in the buffer's
     * head-room. Returns false when the packet was dropped (no neighbour yet, queue full, port down), which the port
     * counts. Never keeps {@code packet} after returning.
     */
    boolean send(PacketBuffer packet, byte[] nextHop, int nextHopOffset);

    /** A snapshot of the port's counters. */
    PortCounters counters();
}
