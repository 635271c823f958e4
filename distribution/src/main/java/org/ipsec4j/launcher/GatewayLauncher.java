package org.ipsec4j.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Boots one gateway: Felix with the bundles of {@code bundle/}, configured by {@code conf/config.properties}.
 * {@code bin/ipsec4j-gateway} runs it with these system properties:
 * <ul>
 *   <li>{@code ipsec4j.home}: the installation directory (required);</li>
 *   <li>{@code ipsec4j.conf}: the gateway's configuration directory (default {@code conf/} of the installation);</li>
 *   <li>{@code ipsec4j.run.dir}: its run directory (default {@code run/} beside the configuration directory);</li>
 *   <li>{@code ipsec4j.console}: {@code false} leaves the Gogo console out (daemon mode).</li>
 * </ul>
 * The exit status is 0 after a normal stop (Gogo's {@code stop 0}, SIGTERM), 1 when the start failed: a bundle
 * that does not start, or a component that gave up the start (a broken {@code setkey.conf}) by setting the system
 * property {@code ipsec4j.exit.status}.
 */
public final class GatewayLauncher {
    static final String EXIT_STATUS = "ipsec4j.exit.status";

    private GatewayLauncher() {
    }

    /** Runs the gateway until its framework stops, then exits with the gateway's status. */
    public static void main(String[] args) {
        int status;
        try {
            String home = System.getProperty(LauncherConfig.HOME);
            if (home == null || home.isBlank()) {
                throw new IllegalArgumentException("the system property ipsec4j.home is not set");
            }
            status = run(Path.of(home), path(LauncherConfig.CONF), path(LauncherConfig.RUN_DIR),
                    !"false".equals(System.getProperty("ipsec4j.console")));
        } catch (Exception e) {
            System.err.println("ipsec4j-gateway: " + e.getMessage());
            status = 1;
        }
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    static int run(Path home, Path conf, Path runDir, boolean console) throws Exception {
        Map<String, String> system = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(n -> system.put(n, System.getProperty(n)));
        LauncherConfig config = LauncherConfig.load(home, conf, runDir, system);
        if (!Files.isDirectory(config.conf())) {
            throw new IOException("configuration directory " + config.conf() + " does not exist");
        }
        Files.createDirectories(config.runDir(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        if (System.getProperty("gosh.home") == null) {
            System.setProperty("gosh.home", config.home().toString());
        }
        System.clearProperty(EXIT_STATUS);

        List<BundleSet.Entry> bundles = BundleSet.scan(config.home().resolve("bundle"), config, console);
        Map<String, String> props = new HashMap<>(config.properties());
        int beginning = bundles.stream().mapToInt(BundleSet.Entry::startLevel).max().orElse(1);
        props.putIfAbsent(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, Integer.toString(beginning));

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        Framework framework = factory.newFramework(props);
        framework.init();
        ReadyFile ready = new ReadyFile(config.runDir());
        ready.disarm();
        BundleContext context = framework.getBundleContext();
        context.addServiceListener(ready, ReadyFile.FILTER);
        CountDownLatch started = new CountDownLatch(1);
        context.addFrameworkListener(e -> {
            if (e.getType() == FrameworkEvent.STARTED) {
                started.countDown();
            }
        });
        BundleSet.installAndStart(context, bundles);
        Thread stopper = new Thread(() -> stop(framework), "ipsec4j-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);

        framework.start();
        // the start level rises on a thread of the framework: wait until every bundle had its turn
        while (!started.await(100, TimeUnit.MILLISECONDS)) {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0) {
                break;
            }
        }
        if (framework.getState() == Bundle.ACTIVE) {
            List<String> inactive = inactive(framework);
            if (inactive.isEmpty()) {
                ready.arm();
            } else {
                System.err.println("ipsec4j-gateway: bundles that did not start: " + String.join(", ", inactive));
                System.setProperty(EXIT_STATUS, "1");
                framework.stop();
            }
        }
        FrameworkEvent event = framework.waitForStop(0);
        ready.disarm();
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already
        }
        int status = event.getType() == FrameworkEvent.ERROR ? 1 : parseStatus(System.getProperty(EXIT_STATUS));
        if (status != 0) {
            removeControlSocket(runDir);
        }
        return status;
    }

    /**
     * A failed start leaves no control socket behind in the run directory, even one the control bundle opened while
     * the framework was already stopping: nothing listens on it any more.
     */
    private static void removeControlSocket(Path runDir) {
        Path socket = runDir.resolve("setkey.sock");
        try {
            if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(socket, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(socket, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(socket);
            }
        } catch (IOException e) {
            System.err.println("ipsec4j-gateway: cannot remove " + socket + ": " + e.getMessage());
        }
    }

    private static List<String> inactive(Framework framework) {
        List<String> names = new ArrayList<>();
        for (Bundle b : framework.getBundleContext().getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (b.getBundleId() != 0 && !fragment && b.getState() != Bundle.ACTIVE) {
                names.add(b.getSymbolicName());
            }
        }
        return names;
    }

    private static void stop(Framework framework) {
        try {
            framework.stop();
            framework.waitForStop(30_000);
        } catch (Exception e) {
            System.err.println("ipsec4j-gateway: stopping: " + e.getMessage());
        }
    }

    static int parseStatus(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
