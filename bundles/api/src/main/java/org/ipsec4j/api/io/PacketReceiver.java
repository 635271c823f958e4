package org.ipsec4j.api.io;

import org.ipsec4j.api.packet.PacketBuffer;
import org.osgi.annotation.versioning.ConsumerType;

/** Takes the IP packets a {@link PacketPort} receives (the engine). */
@ConsumerType
@FunctionalInterface
public interface PacketReceiver {
    /** Handles one packet from {@code port}; the buffer is valid only during the call. Never throws. */
    void receive(PacketPort port, PacketBuffer packet);
}
