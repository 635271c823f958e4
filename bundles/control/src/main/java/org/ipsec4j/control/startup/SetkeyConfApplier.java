package org.ipsec4j.control.startup;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.ipsec4j.api.setkey.SetkeyService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Applies the gateway's {@code setkey.conf} when the gateway starts, all or nothing, once the framework has started
 * (every bundle of the start levels is active, so every cipher bundle has registered its algorithms: an SA of an
 * algorithm only one provider offers is not refused because that provider happened to start later). The
 * configuration directory is the framework property {@value #CONF_PROPERTY}; without it (e.g. in a test container)
 * nothing is applied. A file that fails is logged with setkey's error and stops the framework with exit status 1
 * (see {@link FailedStart}), so a broken file stops the start.
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

    private final BundleContext context;
    private final SetkeyService setkey;
    private final AtomicReference<ServiceRegistration<SetkeyConfApplied>> registration = new AtomicReference<>();
    private volatile boolean active = true;
    private final FrameworkListener whenStarted = event -> {
        if (event.getType() == FrameworkEvent.STARTED) {
            applyAndRegister();
        }
    };

    /** Applies the file (the first time) once the framework has started, and registers the marker service. */
    @Activate
    public SetkeyConfApplier(BundleContext context, @Reference SetkeyService setkey) {
        this.context = context;
        this.setkey = setkey;
        context.addFrameworkListener(whenStarted);
        if (context.getBundle(Constants.SYSTEM_BUNDLE_ID).getState() == Bundle.ACTIVE) {
            applyAndRegister();
        }
    }

    private synchronized void applyAndRegister() {
        if (!active || registration.get() != null
                || context.getBundle(Constants.SYSTEM_BUNDLE_ID).getState() != Bundle.ACTIVE) {
            return; // gone, done, or the framework is stopping (a failed start): nothing to open the socket for
        }
        if (APPLIED.compareAndSet(false, true)) {
            applied = applyOnce(context, setkey);
        }
        SetkeyConfApplied result = applied;
        if (result != null) {
            try {
                registration.set(context.registerService(SetkeyConfApplied.class, result, null));
            } catch (IllegalStateException e) {
                // the bundle is stopping
            }
        }
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
            // get and dump print SAs with their keys: their output never goes to the log
            LOG.log(Level.INFO, "{0} printed {1} lines, not logged (they may show keys)", outcome.file(),
                    outcome.output().lines().count());
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
    synchronized void deactivate() {
        active = false;
        try {
            context.removeFrameworkListener(whenStarted);
        } catch (IllegalStateException e) {
            // the bundle is stopping
        }
        ServiceRegistration<SetkeyConfApplied> r = registration.getAndSet(null);
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
    }
}
