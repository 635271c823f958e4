package org.ipsec4j.setkey.command;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import org.ipsec4j.api.policy.SecurityPolicyDatabase;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.api.setkey.SetkeyService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link SetkeyService} of a running gateway: {@link SetkeyCommand} over the SAD and SPD services, with the
 * system clock and zone and this process's id. The Gogo command and the control socket use it.
 */
@Component(service = SetkeyService.class)
public final class SetkeyServiceComponent implements SetkeyService {
    private final SetkeyCommand command;

    @Activate
    public SetkeyServiceComponent(@Reference SecurityAssociationDatabase sad, @Reference SecurityPolicyDatabase spd) {
        this.command = new SetkeyCommand(sad, spd, Clock.systemDefaultZone(), ProcessHandle.current().pid());
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        return command.run(args, in, out, err);
    }
}
