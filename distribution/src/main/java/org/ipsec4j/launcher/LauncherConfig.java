package org.ipsec4j.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The framework properties of one gateway: the installation's {@code conf/config.properties}, overlaid by the
 * {@code config.properties} of the gateway's own configuration directory (when it has one), with
 * {@code ${name}} references resolved against the other properties and the system properties.
 *
 * <p>The launcher always sets {@value #HOME}, {@value #CONF} and {@value #RUN_DIR}, and keeps the framework's
 * storage in the run directory, so several gateways can run from one installation.
 */
final class LauncherConfig {
    static final String HOME = "ipsec4j.home";
    static final String CONF = "ipsec4j.conf";
    static final String RUN_DIR = "ipsec4j.run.dir";
    static final String FILE_NAME = "config.properties";

    private final Path home;
    private final Path conf;
    private final Path runDir;
    private final Map<String, String> properties;

    private LauncherConfig(Path home, Path conf, Path runDir, Map<String, String> properties) {
        this.home = home;
        this.conf = conf;
        this.runDir = runDir;
        this.properties = properties;
    }

    /**
     * Loads the configuration.
     *
     * @param home the installation directory
     * @param conf the gateway's configuration directory, or null for the installation's {@code conf/}
     * @param runDir the gateway's run directory, or null for {@code run/} beside {@code conf}
     * @param system the system properties (for {@code ${...}} references)
     */
    static LauncherConfig load(Path home, Path conf, Path runDir, Map<String, String> system) throws IOException {
        Path h = home.toAbsolutePath().normalize();
        Path c = (conf != null ? conf : h.resolve("conf")).toAbsolutePath().normalize();
        Path r = (runDir != null ? runDir : c.resolveSibling("run")).toAbsolutePath().normalize();
        Map<String, String> raw = new TreeMap<>();
        read(h.resolve("conf").resolve(FILE_NAME), raw);
        if (!c.equals(h.resolve("conf"))) {
            read(c.resolve(FILE_NAME), raw);
        }
        raw.put(HOME, h.toString());
        raw.put(CONF, c.toString());
        raw.put(RUN_DIR, r.toString());
        raw.putIfAbsent("org.osgi.framework.storage", r.resolve("felix-cache").toString());
        raw.putIfAbsent("org.osgi.framework.storage.clean", "onFirstInit");
        Map<String, String> resolved = new TreeMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            resolved.put(e.getKey(), substitute(e.getValue(), raw, system, 0));
        }
        return new LauncherConfig(h, c, r, resolved);
    }

    private static void read(Path file, Map<String, String> into) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        }
        for (String name : p.stringPropertyNames()) {
            into.put(name, p.getProperty(name).trim());
        }
    }

    /** Replaces {@code ${name}} with the property or system property {@code name} (empty when unknown). */
    static String substitute(String value, Map<String, String> props, Map<String, String> system, int depth) {
        if (depth > 10 || value.indexOf("${") < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            int end = start < 0 ? -1 : value.indexOf('}', start + 2);
            if (start < 0 || end < 0) {
                out.append(value, i, value.length());
                break;
            }
            out.append(value, i, start);
            String name = value.substring(start + 2, end);
            String replacement = props.containsKey(name) ? props.get(name) : system.getOrDefault(name, "");
            out.append(substitute(replacement, props, system, depth + 1));
            i = end + 1;
        }
        return out.toString();
    }

    Path home() {
        return home;
    }

    Path conf() {
        return conf;
    }

    Path runDir() {
        return runDir;
    }

    /** The framework properties. */
    Map<String, String> properties() {
        return properties;
    }

    /** One property, or {@code fallback}. */
    String get(String name, String fallback) {
        String v = properties.get(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
