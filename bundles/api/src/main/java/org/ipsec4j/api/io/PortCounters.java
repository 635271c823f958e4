package org.ipsec4j.api.io;

/**
 * A snapshot of a port's counters.
 *
 * @param receivedPackets packets received and handed to the receiver
 * @param receivedBytes   their bytes (IP packets, without link-layer framing)
 * @param sentPackets     packets sent
 * @param sentBytes       their bytes
 * @param dropped         packets the port dropped (malformed frames, no neighbour, queue full, port down)
 */
public record PortCounters(long receivedPackets, long receivedBytes, long sentPackets, long sentBytes, long dropped) {
}
