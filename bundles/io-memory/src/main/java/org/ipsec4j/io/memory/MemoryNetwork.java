package org.ipsec4j.io.memory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;

/**
 * The named {@link MemoryLink}s of one JVM: ports configured with the same link name meet here. A DS component in
 * the gateway (shared by every {@code org.ipsec4j.io.memory.link} configuration), a plain object in tests.
 */
@Component(service = MemoryNetwork.class)
public final class MemoryNetwork {
    private final Map<String, MemoryLink> links = new ConcurrentHashMap<>();

    /** The link named {@code name}, made on first use. */
    public MemoryLink link(String name) {
        return links.computeIfAbsent(name, MemoryLink::new);
    }

    /** The links made so far. */
    public List<MemoryLink> links() {
        return List.copyOf(links.values());
    }
}
