package org.ipsec4j.setkey.command;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.policy.SecurityPolicyDatabase;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.api.setkey.SetkeyService;
import org.ipsec4j.setkey.monitor.SadbEventSource;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@link SetkeyService} of a running gateway: {@link SetkeyCommand} over the SAD and SPD services, with the
 * system clock and zone and this process's id, refusing SAs whose algorithm no provider offers now. {@code -x} gets
 * its events from EventAdmin ({@link EventAdminSource}). The Gogo command and the control socket use it.
 *
 * <p>Configuration: PID {@value #PID}, property {@code mask.keys} (default false): when true, {@code -D}, {@code get}
 * and {@code dump} show every key byte as {@code **}. A change applies to the next run, without restarting the
 * service (so the control socket stays open). When the service goes away, its running {@code -x} end.
 */
@Component(service = SetkeyService.class, configurationPid = SetkeyServiceComponent.PID)
@Designate(ocd = SetkeyServiceComponent.Config.class)
public final class SetkeyServiceComponent implements SetkeyService {
    /** The configuration PID. */
    public static final String PID = "org.ipsec4j.setkey";

    /** The configuration of the setkey service. */
    @ObjectClassDefinition(name = "ipsec4j setkey", description = "setkey(8) of the running gateway")
    public @interface Config {
        /** Whether dumps mask keys. */
        @AttributeDefinition(description = "Show every key byte as ** in setkey -D, get and dump (default: show"
                + " keys in hex, as KAME's setkey does)")
        boolean mask_keys() default false;
    }

    private static final System.Logger LOG = System.getLogger(SetkeyServiceComponent.class.getName());

    private final SetkeyCommand command;
    private volatile boolean maskKeys;

    /** The algorithms offered now; while there is no registry, algorithms are not checked at {@code add}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AlgorithmRegistry algorithms;

    @Activate
    public SetkeyServiceComponent(BundleContext context, Config config, @Reference SecurityAssociationDatabase sad,
            @Reference SecurityPolicyDatabase spd) {
        this(new EventAdminSource(context), config, sad, spd);
    }

    /** A component whose {@code -x} reads {@code events} (tests). */
    SetkeyServiceComponent(SadbEventSource events, Config config, SecurityAssociationDatabase sad,
            SecurityPolicyDatabase spd) {
        this.maskKeys = config.mask_keys();
        this.command = new SetkeyCommand(sad, spd, () -> algorithms, Clock.systemDefaultZone(),
                ProcessHandle.current().pid(), events, () -> maskKeys);
        if (maskKeys) {
            LOG.log(Level.INFO, "setkey: keys are masked in dumps (" + PID + " mask.keys=true)");
        }
    }

    /** Ends the {@code -x} runs of this service: their events would stop with it. */
    @Deactivate
    void deactivate() {
        command.stopMonitors();
    }

    /** Applies a changed configuration to the runs that start from now on. */
    @Modified
    void modified(Config config) {
        boolean mask = config.mask_keys();
        if (mask != maskKeys) {
            maskKeys = mask;
            LOG.log(Level.INFO, "setkey: keys are " + (mask ? "masked" : "shown") + " in dumps from now on ("
                    + PID + " mask.keys=" + mask + ")");
        }
    }

    /** Whether dumps mask keys now. */
    boolean masksKeys() {
        return maskKeys;
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        return command.run(args, in, out, err);
    }
}
