package org.ipsec4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherConfigTest {
    @TempDir
    Path home;

    private void installationConfig(String text) throws IOException {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/config.properties"), text);
    }

    @Test
    void defaultsFollowTheInstallation() throws IOException {
        installationConfig("felix.fileinstall.dir = ${ipsec4j.home}/deploy\n");
        LauncherConfig config = LauncherConfig.load(home, null, null, Map.of());
        assertEquals(home.resolve("conf"), config.conf());
        assertEquals(home.resolve("run"), config.runDir());
        assertEquals(home + "/deploy", config.properties().get("felix.fileinstall.dir"));
        assertEquals(home + "/run/felix-cache", config.properties().get("org.osgi.framework.storage"));
        assertEquals("onFirstInit", config.properties().get("org.osgi.framework.storage.clean"));
        assertEquals(home.resolve("conf").toString(), config.properties().get("ipsec4j.conf"));
    }

    @Test
    void anotherConfigurationDirectoryHasItsOwnRunDirectoryAndOverrides() throws IOException {
        installationConfig("a = installation\nb = installation\ncache = ${ipsec4j.run.dir}/cache\n");
        Path site = Files.createDirectories(home.resolve("sites/b/conf"));
        Files.writeString(site.resolve("config.properties"), "b = site\n");
        LauncherConfig config = LauncherConfig.load(home, site, null, Map.of());
        assertEquals(home.resolve("sites/b/run"), config.runDir());
        assertEquals("installation", config.properties().get("a"));
        assertEquals("site", config.properties().get("b"));
        assertEquals(home.resolve("sites/b/run/cache").toString(), config.properties().get("cache"));
    }

    @Test
    void substitutionUsesPropertiesThenSystemPropertiesThenNothing() {
        Map<String, String> props = Map.of("x", "1", "y", "${x}${x}");
        Map<String, String> system = Map.of("user.home", "/root", "x", "system");
        assertEquals("1-11-/root-", LauncherConfig.substitute("${x}-${y}-${user.home}-${nope}", props, system, 0));
        assertEquals("no ${ end", LauncherConfig.substitute("no ${ end", props, system, 0));
        Map<String, String> loop = Map.of("a", "${a}");
        assertEquals("${a}", LauncherConfig.substitute("${a}", loop, system, 0), "a self-reference ends");
    }

    @Test
    void startLevelsByNameAndPrefixTheLongestPatternWins() throws IOException {
        installationConfig("""
                ipsec4j.startlevel.1 = org.osgi.*, org.apache.felix.scr
                ipsec4j.startlevel.2 = org.ipsec4j.
                ipsec4j.startlevel.4 = org.apache.felix.gogo.jline, org.ipsec4j.ipsec4j-late
                ipsec4j.startlevel.default = 3
                """);
        LauncherConfig config = LauncherConfig.load(home, null, null, Map.of());
        assertEquals(1, BundleSet.startLevel("org.osgi.util.promise", config, 3));
        assertEquals(1, BundleSet.startLevel("org.apache.felix.scr", config, 3));
        assertEquals(3, BundleSet.startLevel("org.apache.felix.scr.extra", config, 3));
        assertEquals(2, BundleSet.startLevel("org.ipsec4j.ipsec4j-sad", config, 3));
        assertEquals(4, BundleSet.startLevel("org.ipsec4j.ipsec4j-late", config, 3));
        assertEquals(4, BundleSet.startLevel("org.apache.felix.gogo.jline", config, 3));
        assertEquals(3, BundleSet.startLevel("bcprov", config, 3));
    }

    @Test
    void exitStatusProperty() {
        assertEquals(0, GatewayLauncher.parseStatus(null));
        assertEquals(1, GatewayLauncher.parseStatus("1"));
        assertEquals(1, GatewayLauncher.parseStatus("garbage"));
    }
}
