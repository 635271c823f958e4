package org.ipsec4j.control.startup;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * Ends a gateway start that cannot succeed (a broken {@code setkey.conf}, a control socket that cannot be opened):
 * sets the system property {@value #EXIT_STATUS_PROPERTY} to 1 and stops the framework. The gateway launcher exits
 * with that status once the framework has stopped.
 */
public final class FailedStart {
    /** The system property the gateway launcher takes its exit status from. */
    public static final String EXIT_STATUS_PROPERTY = "ipsec4j.exit.status";

    private FailedStart() {
    }

    /** Stops the framework of {@code context} from a thread of its own, with exit status 1. */
    public static void stopFramework(BundleContext context) {
        System.setProperty(EXIT_STATUS_PROPERTY, "1");
        Bundle system = context.getBundle(0);
        Thread stopper = new Thread(() -> {
            try {
                system.stop();
            } catch (BundleException | IllegalStateException e) {
                System.getLogger(FailedStart.class.getName())
                        .log(System.Logger.Level.ERROR, "cannot stop the framework: {0}", e.getMessage());
            }
        }, "ipsec4j-failed-start");
        stopper.setDaemon(true);
        stopper.start();
    }
}
