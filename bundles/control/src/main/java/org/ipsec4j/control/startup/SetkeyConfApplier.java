package org.ipsec4j.control.startup;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ipsec4j.api.setkey.SetkeyService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Applies the gateway's {@code setkey.conf} when the gateway starts, all or nothing, as soon as the setkey service
 * is there. The configuration directory is the framework property {@value #CONF_PROPERTY}; without it (e.g. in a
 * test container) nothing is applied. A file that fails is logged with setkey's error and stops the framework with
 * exit status 1 (see {@link FailedStart}), so a broken file stops the start.
 *
 * <p>The file is applied once per start of this bundle: if the setkey service goes and comes back, the running
 * state is kept and the file is not applied again. On success (or when there is no file) a
 * {@link SetkeyConfApplied} service is registered.
 */
@Component(immediate = true)
public final class SetkeyConfApplier {
    /** Framework property naming the configuration directory. */
    public static final String CONF_PROPERTY = "ipsec4j.conf";

    private static final System.Logger LOG = System.getLogger(SetkeyConfApplier.class.getName());
    private static final AtomicBoolean APPLIED = new AtomicBoolean();
    private static volatile SetkeyConfApplied applied;

    private final ServiceRegistration<SetkeyConfApplied> registration;

    /** Applies the file (the first time) and registers the marker service on success. */
    @Activate
    public SetkeyConfApplier(BundleContext context, @Reference SetkeyService setkey) {
        if (APPLIED.compareAndSet(false, true)) {
            applied = applyOnce(context, setkey);
        }
        SetkeyConfApplied result = applied;
        registration = result == null ? null : context.registerService(SetkeyConfApplied.class, result, null);
    }

    private static SetkeyConfApplied applyOnce(BundleContext context, SetkeyService setkey) {
        String conf = context.getProperty(CONF_PROPERTY);
        if (conf == null || conf.isBlank()) {
            LOG.log(Level.INFO, "no {0} set, no setkey.conf to apply", CONF_PROPERTY);
            return new SetkeyConfApplied(null);
        }
        SetkeyConfFile.Outcome outcome = SetkeyConfFile.apply(setkey, Path.of(conf));
        if (outcome.file() == null) {
            LOG.log(Level.INFO, "no {0} in {1}, starting with empty SAD and SPD", SetkeyConfFile.NAME, conf);
            return new SetkeyConfApplied(null);
        }
        if (!outcome.output().isEmpty()) {
            LOG.log(Level.INFO, "{0}: {1}", outcome.file(), outcome.output());
        }
        if (!outcome.succeeded()) {
            LOG.log(Level.ERROR, "{0} was not applied, the gateway stops:\n{1}", outcome.file(),
                    outcome.errors().isEmpty() ? "setkey exit status " + outcome.status() : outcome.errors());
            FailedStart.stopFramework(context);
            return null;
        }
        LOG.log(Level.INFO, "applied {0}", outcome.file());
        return new SetkeyConfApplied(outcome.file());
    }

    /** Withdraws the marker service. */
    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
    }
}
