package org.ipsec4j.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * The bundles of {@code bundle/}, installed with their start levels.
 *
 * <p>Start levels come from {@code ipsec4j.startlevel.N} properties: comma-separated symbolic names or name
 * prefixes (ending in {@code .} or {@code *}); a bundle matching none gets {@code ipsec4j.startlevel.default}.
 * Without a console, the bundles named in {@code ipsec4j.console.bundles} are left out.
 */
final class BundleSet {
    /** One bundle file and what the launcher needs to know about it. */
    record Entry(Path file, String symbolicName, boolean fragment, int startLevel) {
    }

    private BundleSet() {
    }

    /** Reads the bundle files of {@code dir} in name order. */
    static List<Entry> scan(Path dir, LauncherConfig config, boolean console) throws IOException {
        Set<String> consoleOnly = names(config.get("ipsec4j.console.bundles", ""));
        int defaultLevel = Integer.parseInt(config.get("ipsec4j.startlevel.default", "2"));
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            jars.forEach(files::add);
        }
        files.sort(null);
        List<Entry> entries = new ArrayList<>();
        for (Path file : files) {
            Manifest manifest;
            try (InputStream in = Files.newInputStream(file); JarInputStream jar = new JarInputStream(in)) {
                manifest = jar.getManifest();
            }
            String bsn = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            if (bsn == null) {
                throw new IOException(file + " is not an OSGi bundle (no Bundle-SymbolicName)");
            }
            bsn = bsn.split(";", 2)[0].trim();
            if (!console && matches(bsn, consoleOnly)) {
                continue;
            }
            boolean fragment = manifest.getMainAttributes().getValue("Fragment-Host") != null;
            entries.add(new Entry(file, bsn, fragment, startLevel(bsn, config, defaultLevel)));
        }
        return entries;
    }

    /** Installs all entries, then starts those that are not fragments. */
    static void installAndStart(BundleContext context, List<Entry> entries) throws BundleException {
        List<Bundle> toStart = new ArrayList<>();
        for (Entry entry : entries) {
            Bundle bundle = context.installBundle(entry.file().toUri().toString());
            bundle.adapt(BundleStartLevel.class).setStartLevel(entry.startLevel());
            if (!entry.fragment()) {
                toStart.add(bundle);
            }
        }
        for (Bundle bundle : toStart) {
            bundle.start();
        }
    }

    static int startLevel(String bsn, LauncherConfig config, int defaultLevel) {
        int best = defaultLevel;
        int bestLength = -1;
        for (String key : config.properties().keySet()) {
            if (!key.startsWith("ipsec4j.startlevel.") || key.equals("ipsec4j.startlevel.default")) {
                continue;
            }
            int level = Integer.parseInt(key.substring("ipsec4j.startlevel.".length()));
            for (String pattern : names(config.properties().get(key))) {
                if (matches(bsn, Set.of(pattern)) && pattern.length() > bestLength) {
                    best = level;
                    bestLength = pattern.length();
                }
            }
        }
        return best;
    }

    private static boolean matches(String bsn, Set<String> patterns) {
        for (String p : patterns) {
            if (p.endsWith("*") ? bsn.startsWith(p.substring(0, p.length() - 1))
                    : p.endsWith(".") ? bsn.startsWith(p) : bsn.equals(p)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> names(String list) {
        Set<String> names = new TreeSet<>();
        Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add);
        return names;
    }
}
