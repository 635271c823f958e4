package org.ipsec4j.itests;

import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ops4j.pax.exam.Option;

/**
 * The one option set every Pax Exam test boots: the gateway's bundles (the set the distribution ships in
 * {@code bundle/}) on Felix with SCR, ConfigAdmin, EventAdmin and the Gogo runtime, with a configuration directory
 * whose {@code setkey.conf} holds {@link #STARTUP_CONF}.
 */
final class GatewayOptions {
    /** What the gateway's conf/setkey.conf holds in these tests; applied at start. */
    static final String STARTUP_CONF = "# applied when the gateway starts\n"
            + "add 198.51.100.1 198.51.100.2 esp 4242 -m tunnel -E aes-cbc 0x000102030405060708090a0b0c0d0e0f ;\n";

    private GatewayOptions() {
    }

    static Option[] gateway() {
        Path home = prepareHome();
        return options(
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                frameworkProperty("ipsec4j.conf").value(home.resolve("conf").toString()),
                frameworkProperty("ipsec4j.run.dir").value(home.resolve("run").toString()),
                cleanCaches(),
                frameworkStartLevel(10),
                // the OSGi runtime services
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject().startLevel(1),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject().startLevel(1),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject().startLevel(1),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject().startLevel(1),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject().startLevel(1),
                mavenBundle("org.apache.felix", "org.apache.felix.eventadmin").versionAsInProject().startLevel(1),
                mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime").versionAsInProject().startLevel(1),
                // ipsec4j
                mavenBundle("org.ipsec4j", "ipsec4j-api").versionAsInProject().startLevel(2),
                mavenBundle("org.ipsec4j", "ipsec4j-sad").versionAsInProject().startLevel(2),
                mavenBundle("org.ipsec4j", "ipsec4j-spd").versionAsInProject().startLevel(2),
                mavenBundle("org.ipsec4j", "ipsec4j-setkey").versionAsInProject().startLevel(2),
                mavenBundle("org.ipsec4j", "ipsec4j-algorithms").versionAsInProject().startLevel(2),
                mavenBundle("org.ipsec4j", "ipsec4j-cipher-jce").versionAsInProject().startLevel(2),
                mavenBundle("org.ipsec4j", "ipsec4j-cipher-bc").versionAsInProject().startLevel(2),
                mavenBundle("org.ipsec4j", "ipsec4j-esp").versionAsInProject().startLevel(2),
                mavenBundle("org.ipsec4j", "ipsec4j-ah").versionAsInProject().startLevel(2),
                mavenBundle("org.ipsec4j", "ipsec4j-ipcomp").versionAsInProject().startLevel(2),
                mavenBundle("org.ipsec4j", "ipsec4j-engine").versionAsInProject().startLevel(2),
                mavenBundle("org.ipsec4j", "ipsec4j-io-memory").versionAsInProject().startLevel(2),
                mavenBundle("org.ipsec4j", "ipsec4j-control").versionAsInProject().startLevel(2),
                mavenBundle("org.ipsec4j", "ipsec4j-shell").versionAsInProject().startLevel(3),
                junitBundles());
    }

    /** A fresh gateway home under target/ with conf/setkey.conf and an empty run/ directory. */
    private static Path prepareHome() {
        try {
            Path base = Path.of("target", "itest-gateway").toAbsolutePath();
            Files.createDirectories(base);
            Path home = Files.createTempDirectory(base, "home");
            Files.createDirectories(home.resolve("conf"));
            Files.writeString(home.resolve("conf").resolve("setkey.conf"), STARTUP_CONF);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
