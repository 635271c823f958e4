package org.ipsec4j.io.memory;

import org.ipsec4j.api.packet.PacketBuffer;

/**
 * Sees every packet a {@link MemoryLink} carries, as it goes on the wire (after loss, before corruption): tcpdump for
 * the demo and the tests. Called on the sender's thread; the buffer is the sender's, valid during the call only.
 */
@FunctionalInterface
public interface LinkTap {
    void onPacket(MemoryPort from, MemoryPort to, PacketBuffer packet);
}
