package org.ipsec4j.shell;

import java.util.Arrays;
import org.apache.felix.service.command.Descriptor;
import org.ipsec4j.engine.admin.GatewayStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The Gogo command {@code ipsec:ports}. A thin adapter over {@link PortsShell}. */
@Component(service = PortsGogoCommand.class, property = {"osgi.command.scope=ipsec", "osgi.command.function=ports"})
public final class PortsGogoCommand {
    private final PortsShell shell;

    @Activate
    public PortsGogoCommand(@Reference GatewayStatus status) {
        this.shell = new PortsShell(status);
    }

    @Descriptor("the gateway's ports: name, role, state, MTU, addresses, packet and byte counters")
    public void ports(@Descriptor("no arguments") String... args) throws CommandFailedException {
        CommandIo io = CommandIo.current();
        CommandIo.check(shell.run(Arrays.asList(args), io.out, io.err));
    }
}
