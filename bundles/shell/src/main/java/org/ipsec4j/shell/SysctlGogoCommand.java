package org.ipsec4j.shell;

import java.util.Arrays;
import org.apache.felix.service.command.Descriptor;
import org.ipsec4j.engine.admin.Sysctl;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The Gogo command {@code ipsec:sysctl}: KAME's sysctl MIBs of the running gateway. A thin adapter over {@link SysctlShell}. */
@Component(service = SysctlGogoCommand.class, property = {"osgi.command.scope=ipsec", "osgi.command.function=sysctl"})
public final class SysctlGogoCommand {
    private final SysctlShell shell;

    @Activate
    public SysctlGogoCommand(@Reference Sysctl sysctl) {
        this.shell = new SysctlShell(sysctl);
    }

    @Descriptor("KAME's sysctls: ipsec:sysctl lists them, ipsec:sysctl NAME shows one (or a subtree),"
            + " ipsec:sysctl NAME=VALUE sets it (e.g. net.inet.ip.forwarding=1), -d describes them")
    public void sysctl(@Descriptor("[-a] [-d] [NAME[=VALUE] ...]") String... args) throws CommandFailedException {
        CommandIo io = CommandIo.current();
        CommandIo.check(shell.run(Arrays.asList(args), io.out, io.err));
    }
}
