package org.ipsec4j.shell;

import java.util.Arrays;
import org.apache.felix.service.command.Descriptor;
import org.ipsec4j.engine.admin.GatewayStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The Gogo command {@code ipsec:stat}. A thin adapter over {@link StatShell}. */
@Component(service = StatGogoCommand.class, property = {"osgi.command.scope=ipsec", "osgi.command.function=stat"})
public final class StatGogoCommand {
    private final StatShell shell;

    @Activate
    public StatGogoCommand(@Reference GatewayStatus status) {
        this.shell = new StatShell(status);
    }

    @Descriptor("counters like netstat -s -p ipsec: IPsec in and out (success, policy violation, no SA, invalid,"
            + " auth failed, replay, ...), IP forwarding, ICMP")
    public void stat(@Descriptor("[-z] [-p ipsec|ip|ip6|icmp|icmp6]") String... args) throws CommandFailedException {
        CommandIo io = CommandIo.current();
        CommandIo.check(shell.run(Arrays.asList(args), io.out, io.err));
    }
}
