package org.ipsec4j.io.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A segment joining {@link MemoryPort}s inside one JVM: with two ports a point-to-point link (what one sends, the
 * other receives, whatever the next hop), with more a switch that delivers to the port owning the next hop (the ARP
 * of an in-memory network). Ports attach and detach at any time; the port list is copy-on-write, read without locks.
 */
public final class MemoryLink {
    private final String name;
    private volatile MemoryPort[] ports = new MemoryPort[0];
    private volatile LinkTap tap;

    public MemoryLink(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public String name() {
        return name;
    }

    /** Makes a port on this link (port names are the gateways' business: two gateways may both have a wan0). */
    public synchronized MemoryPort attach(MemoryPortConfig config) {
        MemoryPort port = new MemoryPort(config, this);
        MemoryPort[] next = Arrays.copyOf(ports, ports.length + 1);
        next[ports.length] = port;
        ports = next;
        return port;
    }

    /** Stops {@code port} and takes it off the link. */
    public void detach(MemoryPort port) {
        port.stop();
        synchronized (this) {
            List<MemoryPort> next = new ArrayList<>(Arrays.asList(ports));
            next.remove(port);
            ports = next.toArray(new MemoryPort[0]);
        }
    }

    /** Sets the tap that sees every packet on this link (null: none). */
    public void tap(LinkTap t) {
        tap = t;
    }

    LinkTap tap() {
        return tap;
    }

    /** The ports on the link. */
    public List<MemoryPort> ports() {
        return List.of(ports);
    }

    /** The port {@code from} delivers to for {@code nextHop}, or null. Allocation-free. */
    MemoryPort resolve(MemoryPort from, byte[] nextHop, int off, int len) {
        MemoryPort[] p = ports;
        if (p.length == 2) return p[0] == from ? p[1] : p[0];
        for (MemoryPort q : p) {
            if (q != from && q.owns(nextHop, off, len)) return q;
        }
        return null;
    }

    @Override
    public String toString() {
        return "memory link " + name;
    }
}
