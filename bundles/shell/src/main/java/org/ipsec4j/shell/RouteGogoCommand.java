package org.ipsec4j.shell;

import java.util.Arrays;
import org.apache.felix.service.command.Descriptor;
import org.ipsec4j.engine.admin.Routes;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The Gogo command {@code ipsec:route}: the gateway's routing table. A thin adapter over {@link RouteShell}. */
@Component(service = RouteGogoCommand.class, property = {"osgi.command.scope=ipsec", "osgi.command.function=route"})
public final class RouteGogoCommand {
    private final RouteShell shell;

    @Activate
    public RouteGogoCommand(@Reference Routes routes) {
        this.shell = new RouteShell(routes);
    }

    @Descriptor("the routing table: ipsec:route shows it; ipsec:route add 198.51.100.0/24 192.0.2.254;"
            + " ipsec:route add 10.9.0.0/16 -interface tun0; ipsec:route delete 198.51.100.0/24; ipsec:route get ADDR")
    public void route(@Descriptor("[show] | add DEST GATEWAY | add DEST -interface PORT | delete DEST | get ADDR")
            String... args) throws CommandFailedException {
        CommandIo io = CommandIo.current();
        CommandIo.check(shell.run(Arrays.asList(args), io.out, io.err));
    }
}
