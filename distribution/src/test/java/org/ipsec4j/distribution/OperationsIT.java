package org.ipsec4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Operating a running gateway (docs/OPERATIONS.md): {@code bin/setkey -x} streams SAD and SPD events and goes away
 * cleanly; the MBeans of the SAs, ports and counters, read over JMX remote (enabled through
 * {@code IPSEC4J_JAVA_OPTS}, on the loopback only); {@code mask.keys} in {@code conf/org.ipsec4j.setkey.cfg}, changed
 * while the gateway runs; a monitor told when the gateway stops. One gateway for all, in this order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {
    private Gateway gateway;
    private int jmxPort;
    private JMXConnector jmx;
    private MBeanServerConnection mbeans;

    @BeforeAll
    void start() throws Exception {
        gateway = new Gateway();
        Files.writeString(gateway.conf.resolve("org.ipsec4j.io.memory.link-ops.cfg"),
                "name = mem0\nlink = ops\naddresses = 192.0.2.1/24\nmtu = 1400\n");
        Files.writeString(gateway.conf.resolve("org.ipsec4j.setkey.cfg"), "mask.keys = true\n");
        gateway.setkeyConf("");
        try (ServerSocket probe = new ServerSocket(0)) {
            jmxPort = probe.getLocalPort();
        }
        String opts = String.join(" ", "-Dcom.sun.management.jmxremote.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false");
        Command.Result started = Command.run(List.of(Gateway.HOME.resolve("bin/ipsec4j-gateway").toString(),
                "--daemon", "--conf", gateway.conf.toString()), Map.of("IPSEC4J_JAVA_OPTS", opts), gateway.base, "",
                180);
        assertEquals(0, started.status(), () -> started + "\nlog:\n" + log());
        jmx = JMXConnectorFactory.connect(new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
        mbeans = jmx.getMBeanServerConnection();
    }

    @AfterAll
    void stop() throws Exception {
        if (jmx != null) {
            try {
                jmx.close();
            } catch (IOException gone) {
                // the gateway stopped first
            }
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private String log() {
        try {
            return gateway.log();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void await(BooleanSupplier condition, long seconds, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what.get());
            }
            Thread.sleep(100);
        }
    }

    private static String add(long spi) {
        return "add 10.1.1.1 10.2.2.2 esp " + spi + " -E des-cbc \"hogehoge\" ;\n";
    }

    /** {@code bin/setkey ARGS} running in the background, its output collected as it comes. */
    private static final class Background {
        final Process process;
        private final StringBuffer out = new StringBuffer();
        private final StringBuffer err = new StringBuffer();

        Background(Gateway gateway, String... args) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(concat(Gateway.HOME.resolve("bin/setkey").toString(), args));
            builder.environment().put("IPSEC4J_CONTROL", gateway.socket().toString());
            builder.directory(gateway.base.toFile());
            process = builder.start();
            process.getOutputStream().close();
            pump(process.getInputStream(), out);
            pump(process.getErrorStream(), err);
        }

        private static List<String> concat(String first, String... rest) {
            String[] all = new String[rest.length + 1];
            all[0] = first;
            System.arraycopy(rest, 0, all, 1, rest.length);
            return Arrays.asList(all);
        }

        private static void pump(InputStream in, StringBuffer into) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[4096];
                try {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        into.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            t.setDaemon(true);
            t.start();
        }

        String out() {
            return out.toString();
        }

        String err() {
            return err.toString();
        }
    }

    /** The names of the gateway's threads that watch a monitor's client (one per running {@code setkey -x}). */
    private List<String> monitorThreads() {
        try {
            ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(mbeans,
                    ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
            return Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds())).filter(Objects::nonNull)
                    .map(ThreadInfo::getThreadName).filter(n -> n.startsWith("ipsec4j-control-monitor-")
                            && n.endsWith("-client")).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Order(1)
    void monitorPrintsTheAddWithItsSpiAndGoesAwayCleanly() throws Exception {
        Background monitor = new Background(gateway, "-x");
        try {
            // the monitor subscribes once its request arrived: add SAs until one shows (the first usually does)
            long spi = 4000;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            boolean seen = false;
            while (!seen && System.nanoTime() < deadline) {
                spi++;
                Command.Result added = gateway.setkey(add(spi), "-c");
                assertEquals(0, added.status(), added::toString);
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                String needle = "spi=" + spi + String.format("(0x%08x)", spi);
                while (!(seen = monitor.out().contains(needle)) && System.nanoTime() < until) {
                    Thread.sleep(50);
                }
            }
            String text = monitor.out();
            assertTrue(seen, () -> "no SADB_ADD in the monitor's output:\n" + text + "\nerrors:\n" + monitor.err());
            assertTrue(text.matches("(?s).*\\[[A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d] SADB_ADD\n10\\.1\\.1\\.1"
                    + " 10\\.2\\.2\\.2\n\tesp mode=any spi=" + spi + "\\(0x0000[0-9a-f]{4}\\) reqid=0\\(0x00000000\\)\n.*"),
                    text);
            assertFalse(text.contains("686f6765"), "events carry no keys");
            assertEquals(1, monitorThreads().size(), () -> "a monitor runs: " + monitorThreads());

            // the events keep coming, in order
            long deleted = spi;
            assertEquals(0, gateway.setkey("delete 10.1.1.1 10.2.2.2 esp " + deleted + ";\n"
                    + "spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transport//use;\n", "-c").status());
            await(() -> monitor.out().contains("SADB_X_SPDADD"), 10, monitor::out);
            String later = monitor.out();
            assertTrue(later.indexOf("SADB_DELETE") > later.lastIndexOf("SADB_ADD")
                    && later.indexOf("SADB_X_SPDADD") > later.indexOf("SADB_DELETE"), later);
        } finally {
            monitor.process.destroy(); // SIGTERM, as Ctrl-C ends it
        }
        assertTrue(monitor.process.waitFor(30, TimeUnit.SECONDS));
        await(() -> monitorThreads().isEmpty(), 15, () -> "the monitor's connection is still served: "
                + monitorThreads());

        // the gateway is undisturbed
        assertEquals(0, gateway.setkey(add(5000), "-c").status());
        Command.Result dump = gateway.setkey("", "-D");
        assertEquals(0, dump.status(), dump::toString);
        assertTrue(dump.out().contains("\tesp mode=any spi=5000(0x00001388)"), dump.out());
        assertEquals(0, gateway.setkey("flush;\nspdflush;\n", "-c").status());
        assertFalse(log().contains("SEVERE"), log());
    }

    @Test
    @Order(2)
    void mbeansOfAnSaAPortAndTheCountersOverJmx() throws Exception {
        assertEquals(0, gateway.setkey("add 10.1.1.1 10.2.2.2 esp 0x1000 -m tunnel -u 7 -E aes-cbc"
                + " 0x00112233445566778899aabbccddeeff -A hmac-sha256 0x" + "ab".repeat(32) + ";\n", "-c").status());
        ObjectName sa = new ObjectName("org.ipsec4j:type=SA,dst=10.2.2.2,proto=esp,spi=0x00001000");
        await(() -> registered(sa), 30, () -> "no " + sa + " in " + names("org.ipsec4j:*"));
        assertEquals(4096L, mbeans.getAttribute(sa, "Spi"));
        assertEquals("10.1.1.1", mbeans.getAttribute(sa, "Source"));
        assertEquals("tunnel", mbeans.getAttribute(sa, "Mode"));
        assertEquals(7L, mbeans.getAttribute(sa, "Reqid"));
        assertEquals("mature", mbeans.getAttribute(sa, "State"));
        assertEquals("aes-cbc", mbeans.getAttribute(sa, "EncryptionAlgorithm"));
        assertEquals(0L, mbeans.getAttribute(sa, "Packets"));

        ObjectName port = new ObjectName("org.ipsec4j:type=Port,name=mem0");
        await(() -> registered(port), 30, () -> "no " + port + " in " + names("org.ipsec4j:*"));
        assertEquals(1400, mbeans.getAttribute(port, "Mtu"));
        assertEquals("network", mbeans.getAttribute(port, "Role"));

        ObjectName ipsec = new ObjectName("org.ipsec4j:type=Statistics,protocol=ipsec");
        await(() -> registered(ipsec), 30, () -> "no " + ipsec + " in " + names("org.ipsec4j:*"));
        assertEquals(0L, mbeans.getAttribute(ipsec, "InboundPacketsProcessedSuccessfully"));
        assertTrue(registered(new ObjectName("org.ipsec4j:type=Statistics,protocol=ip")));

        assertEquals(0, gateway.setkey("flush;\n", "-c").status());
        await(() -> !registered(sa), 30, () -> sa + " outlived its SA");
    }

    private boolean registered(ObjectName name) {
        try {
            return mbeans.isRegistered(name);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private String names(String pattern) {
        try {
            return mbeans.queryNames(new ObjectName(pattern), null).toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    @Order(3)
    void maskKeysFromTheConfigurationDirectoryChangedWhileTheGatewayRuns() throws Exception {
        long pid = gateway.pid();
        assertEquals(0, gateway.setkey(add(9998), "-c").status());
        await(() -> dumpLine().equals("\tE: des-cbc  ******** ********"), 30,
                () -> "keys not masked: " + dumpLine());
        Files.writeString(gateway.conf.resolve("org.ipsec4j.setkey.cfg"), "mask.keys = false\n");
        await(() -> dumpLine().equals("\tE: des-cbc  686f6765 686f6765"), 30, () -> "keys still masked: " + dumpLine());
        assertEquals(pid, gateway.pid(), "the same gateway, its control socket never closed");
        assertTrue(log().contains("setkey: keys are shown in dumps from now on"), log());
        assertEquals(0, gateway.setkey("flush;\n", "-c").status());
    }

    /** The key line of the one SA in {@code setkey -D}. */
    private String dumpLine() {
        try {
            Command.Result dump = gateway.setkey("", "-D");
            return dump.out().lines().filter(l -> l.startsWith("\tE: ")).findFirst().orElse(dump.toString());
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    @Order(4)
    void aMonitorIsToldWhenTheGatewayStops() throws Exception {
        Background monitor = new Background(gateway, "-xx");
        try {
            await(() -> monitorThreads().size() == 1, 30, () -> "the monitor did not start: " + monitor.err());
            assertEquals(0, gateway.stop().status());
            assertTrue(monitor.process.waitFor(30, TimeUnit.SECONDS), "the monitor ends with the gateway");
            assertEquals(1, monitor.process.exitValue());
            await(() -> monitor.err().contains("setkey: the gateway closed its control socket\n"), 10, monitor::err);
        } finally {
            monitor.process.destroyForcibly();
        }
    }
}
