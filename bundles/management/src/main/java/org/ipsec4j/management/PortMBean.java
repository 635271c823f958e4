package org.ipsec4j.management;

import java.util.Objects;
import java.util.function.Supplier;
import org.ipsec4j.api.io.PortCounters;
import org.ipsec4j.engine.admin.GatewayStatus;
import org.ipsec4j.engine.admin.PortInfo;

/** The {@link PortMXBean} of one port: each read asks the engine for its ports and picks this one by name. */
final class PortMBean implements PortMXBean {
    private final Supplier<GatewayStatus> status;
    private final String name;

    PortMBean(Supplier<GatewayStatus> status, String name) {
        this.status = Objects.requireNonNull(status, "status");
        this.name = Objects.requireNonNull(name, "name");
    }

    private PortInfo port() {
        GatewayStatus s = status.get();
        if (s != null) {
            for (PortInfo p : s.ports()) {
                if (p.name().equals(name)) return p;
            }
        }
        throw new IllegalStateException("the port " + name + " is no longer attached to the engine");
    }

    private PortCounters counters() {
        return port().counters();
    }

    @Override public String getName() { return name; }
    @Override public String getRole() { return port().role(); }
    @Override public boolean isRunning() { return port().running(); }
    @Override public int getMtu() { return port().mtu(); }
    @Override public long getReceivedPackets() { return counters().receivedPackets(); }
    @Override public long getReceivedBytes() { return counters().receivedBytes(); }
    @Override public long getSentPackets() { return counters().sentPackets(); }
    @Override public long getSentBytes() { return counters().sentBytes(); }
    @Override public long getDropped() { return counters().dropped(); }

    @Override
    public String[] getAddresses() {
        return port().addresses().stream().map(a -> ObjectNames.address(a.address()) + "/" + a.length())
                .toArray(String[]::new);
    }
}
