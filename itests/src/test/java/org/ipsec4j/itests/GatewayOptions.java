package org.ipsec4j.itests;

import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import org.ops4j.pax.exam.Option;

/**
 * The one option set every Pax Exam test boots: the gateway's bundles (the same set the distribution ships) on
 * Felix with SCR, ConfigAdmin, EventAdmin and the Gogo runtime.
 */
final class GatewayOptions {
    private GatewayOptions() {
    }

    static Option[] gateway() {
        return options(
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
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
                mavenBundle("org.ipsec4j", "ipsec4j-shell").versionAsInProject().startLevel(3),
                junitBundles());
    }
}
