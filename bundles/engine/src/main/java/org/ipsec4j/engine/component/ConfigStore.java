package org.ipsec4j.engine.component;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Records a value changed from the shell in a ConfigAdmin configuration, keeping its other properties (FileInstall's
 * file name among them). Failures are logged: the running value applies anyway.
 */
final class ConfigStore {
    private static final Logger LOG = Logger.getLogger(ConfigStore.class.getName());

    private ConfigStore() {
    }

    /** Updates configuration {@code pid} with {@code change} applied to its properties; no-op without ConfigAdmin. */
    static void update(ConfigurationAdmin ca, String pid, Consumer<Dictionary<String, Object>> change) {
        if (ca == null) return;
        try {
            Configuration c = ca.getConfiguration(pid, "?");
            Dictionary<String, Object> props = c.getProperties();
            if (props == null) props = new Hashtable<>();
            change.accept(props);
            c.update(props);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot record the change in configuration " + pid, e);
        }
    }
}
