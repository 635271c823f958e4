package org.ipsec4j.shell;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.ipsec4j.api.io.PortCounters;
import org.ipsec4j.engine.admin.GatewayStatus;
import org.ipsec4j.engine.admin.PortInfo;

/** The logic of {@code ipsec:ports}: one block per port, like {@code netstat -i} with the addresses. */
public final class PortsShell {
    private final GatewayStatus status;

    public PortsShell(GatewayStatus status) {
        this.status = Objects.requireNonNull(status, "status");
    }

    public ShellOutcome run(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) return ShellOutcome.fail(err, 2, "usage: ipsec:ports");
        List<PortInfo> ports = status.ports();
        if (ports.isEmpty()) out.println("no ports");
        for (PortInfo p : ports) {
            PortCounters c = p.counters();
            out.println(p.name() + ": role " + p.role() + ", " + (p.running() ? "running" : "stopped") + ", mtu "
                    + p.mtu());
            String addrs = p.addresses().stream().map(AddressText::of).collect(Collectors.joining(" "));
            out.println("\taddresses " + (addrs.isEmpty() ? "none" : addrs));
            out.println("\tin " + c.receivedPackets() + " packets " + c.receivedBytes() + " bytes, out "
                    + c.sentPackets() + " packets " + c.sentBytes() + " bytes, dropped " + c.dropped());
        }
        out.flush();
        return ShellOutcome.OK;
    }
}
