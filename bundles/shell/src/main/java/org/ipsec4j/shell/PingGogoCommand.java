package org.ipsec4j.shell;

import java.util.Arrays;
import org.apache.felix.service.command.Descriptor;
import org.ipsec4j.engine.admin.Pinger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The Gogo command {@code ipsec:ping}. A thin adapter over {@link PingShell}. */
@Component(service = PingGogoCommand.class, property = {"osgi.command.scope=ipsec", "osgi.command.function=ping"})
public final class PingGogoCommand {
    private final PingShell shell;

    @Activate
    public PingGogoCommand(@Reference Pinger pinger) {
        this.shell = new PingShell(pinger);
    }

    @Descriptor("ICMP echo from the gateway itself through its engine, like KAME's ping; -P gives a per-call policy,"
            + " e.g. ipsec:ping -P 'out ipsec esp/transport//require' 192.0.2.2")
    public void ping(@Descriptor("[-c COUNT] [-i WAIT] [-s SIZE] [-W TIMEOUT] [-D] [-S SOURCE] [-P POLICY]... ADDR")
            String... args) throws CommandFailedException, InterruptedException {
        CommandIo io = CommandIo.current();
        CommandIo.check(shell.run(Arrays.asList(args), io.out, io.err));
    }
}
