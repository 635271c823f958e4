package org.ipsec4j.management;

/**
 * One port of the engine ({@code org.ipsec4j:type=Port,name=...}). Every attribute is read from the engine when
 * asked; a port that was detached meanwhile fails the read.
 */
public interface PortMXBean {
    /** The port's name. */
    String getName();

    /** {@code network} or {@code host}. */
    String getRole();

    /** Whether it delivers packets to the engine. */
    boolean isRunning();

    /** Its MTU. */
    int getMtu();

    /** Its addresses, as {@code address/prefix}. */
    String[] getAddresses();

    /** Packets received and handed to the engine. */
    long getReceivedPackets();

    /** Their bytes (IP packets, without link-layer framing). */
    long getReceivedBytes();

    /** Packets sent. */
    long getSentPackets();

    /** Their bytes. */
    long getSentBytes();

    /** Packets the port dropped (malformed frames, no neighbour, queue full, port down). */
    long getDropped();
}
