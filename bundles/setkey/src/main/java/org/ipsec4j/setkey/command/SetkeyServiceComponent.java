package org.ipsec4j.setkey.command;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.policy.SecurityPolicyDatabase;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.api.setkey.SetkeyService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@link SetkeyService} of a running gateway: {@link SetkeyCommand} over the SAD and SPD services, with the
 * system clock and zone and this process's id, refusing SAs whose algorithm no provider offers now. The Gogo command
 * and the control socket use it.
 */
@Component(service = SetkeyService.class)
public final class SetkeyServiceComponent implements SetkeyService {
    private final SetkeyCommand command;

    /** The algorithms offered now; while there is no registry, algorithms are not checked at {@code add}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AlgorithmRegistry algorithms;

    @Activate
    public SetkeyServiceComponent(@Reference SecurityAssociationDatabase sad, @Reference SecurityPolicyDatabase spd) {
        this.command = new SetkeyCommand(sad, spd, () -> algorithms, Clock.systemDefaultZone(),
                ProcessHandle.current().pid());
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        return command.run(args, in, out, err);
    }
}
