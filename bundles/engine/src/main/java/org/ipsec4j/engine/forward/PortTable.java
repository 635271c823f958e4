package org.ipsec4j.engine.forward;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipsec4j.api.io.PacketPort;

/**
 * The ports the gateway is attached to. Copy-on-write: the data path reads through volatile fields, without locks or
 * allocation; attaching and detaching are serialised.
 */
final class PortTable {
    private volatile PortEntry[] entries = new PortEntry[0];
    private volatile Map<String, PortEntry> byName = Map.of();
    private volatile PortEntry host;

    /** The entry of {@code port}, or null when it is not attached. */
    PortEntry find(PacketPort port) {
        for (PortEntry e : entries) {
            if (e.port == port) return e;
        }
        return null;
    }

    PortEntry byName(String name) {
        return byName.get(name);
    }

    /** The first attached port of role {@code host}, or null. */
    PortEntry host() {
        return host;
    }

    /** Any port with an address of IP version {@code version}, or null. */
    PortEntry anyWithAddress(int version) {
        for (PortEntry e : entries) {
            if (e.address(version) != null) return e;
        }
        return null;
    }

    List<PortEntry> all() {
        return List.of(entries);
    }

    /** Adds or replaces the entry of its port; throws when another port has the same name. */
    synchronized PortEntry put(PortEntry entry) {
        List<PortEntry> next = new ArrayList<>();
        PortEntry old = null;
        for (PortEntry e : entries) {
            if (e.port == entry.port) {
                old = e;
            } else if (e.name.equals(entry.name)) {
                throw new IllegalArgumentException("a port named " + entry.name + " is attached already");
            } else {
                next.add(e);
            }
        }
        next.add(entry);
        publish(next);
        return old;
    }

    /** Removes the entry of {@code port}; returns it, or null. */
    synchronized PortEntry remove(PacketPort port) {
        PortEntry removed = find(port);
        if (removed == null) return null;
        List<PortEntry> next = new ArrayList<>(Arrays.asList(entries));
        next.remove(removed);
        publish(next);
        return removed;
    }

    private void publish(List<PortEntry> next) {
        Map<String, PortEntry> names = new HashMap<>();
        PortEntry h = null;
        for (PortEntry e : next) {
            names.put(e.name, e);
            if (e.host && h == null) h = e;
        }
        byName = Map.copyOf(names);
        host = h;
        entries = next.toArray(new PortEntry[0]);
    }
}
