package org.ipsec4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleSetTest {
    @TempDir
    Path home;

    private void bundle(String file, String bsn, String fragmentHost) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bsn != null) {
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", bsn);
        }
        if (fragmentHost != null) {
            manifest.getMainAttributes().putValue("Fragment-Host", fragmentHost);
        }
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(home.resolve("bundle").resolve(file)),
                manifest)) {
            jar.flush();
        }
    }

    private LauncherConfig config() throws IOException {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/config.properties"), """
                ipsec4j.startlevel.1 = org.apache.felix.scr
                ipsec4j.startlevel.4 = org.apache.felix.gogo.jline, org.jline
                ipsec4j.console.bundles = org.apache.felix.gogo.jline, org.jline
                """);
        return LauncherConfig.load(home, null, null, Map.of());
    }

    @Test
    void scansInNameOrderWithLevelsAndFragments() throws IOException {
        Files.createDirectories(home.resolve("bundle"));
        bundle("b-scr.jar", "org.apache.felix.scr;singleton:=true", null);
        bundle("a-api.jar", "org.ipsec4j.ipsec4j-api", null);
        bundle("c-frag.jar", "org.ipsec4j.fragment", "org.ipsec4j.ipsec4j-api");
        bundle("d-jline.jar", "org.apache.felix.gogo.jline", null);
        bundle("e-jline.jar", "org.jline", null);
        Files.writeString(home.resolve("bundle/notes.txt"), "not a jar");

        List<BundleSet.Entry> withConsole = BundleSet.scan(home.resolve("bundle"), config(), true);
        assertEquals(List.of("org.ipsec4j.ipsec4j-api", "org.apache.felix.scr", "org.ipsec4j.fragment",
                "org.apache.felix.gogo.jline", "org.jline"),
                withConsole.stream().map(BundleSet.Entry::symbolicName).toList());
        assertEquals(List.of(2, 1, 2, 4, 4), withConsole.stream().map(BundleSet.Entry::startLevel).toList());
        assertEquals(List.of(false, false, true, false, false),
                withConsole.stream().map(BundleSet.Entry::fragment).toList());

        List<BundleSet.Entry> daemon = BundleSet.scan(home.resolve("bundle"), config(), false);
        assertEquals(List.of("org.ipsec4j.ipsec4j-api", "org.apache.felix.scr", "org.ipsec4j.fragment"),
                daemon.stream().map(BundleSet.Entry::symbolicName).toList());
    }

    @Test
    void aJarThatIsNotABundleIsAnError() throws IOException {
        Files.createDirectories(home.resolve("bundle"));
        bundle("plain.jar", null, null);
        IOException e = assertThrows(IOException.class, () -> BundleSet.scan(home.resolve("bundle"), config(), true));
        assertTrue(e.getMessage().endsWith("plain.jar is not an OSGi bundle (no Bundle-SymbolicName)"), e.getMessage());
    }
}
