package org.ipsec4j.demo.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ipsec4j gateway of a test: a configuration directory the test writes (setkey.conf, port, route and sysctl
 * configurations in the format of docs/CONFIGURATION.md), run from the installation under test inside a namespace with
 * {@code bin/ipsec4j-gateway --conf DIR --daemon}, stopped with {@code stop}. Its run directory (log, control socket)
 * is {@code run/} beside the configuration.
 */
public final class Gateway implements AutoCloseable {
    private static final long PORT_WAIT_MILLIS = 30_000;
    private final Netns ns;
    private final Path home;
    private final Path conf;
    private final Path run;
    private final List<String> ports = new ArrayList<>();
    private final Map<String, String> sysctls = new LinkedHashMap<>();
    private boolean started;

    public Gateway(Netns ns, Path home, Path dir) throws IOException {
        this.ns = ns;
        this.home = home;
        this.conf = dir.resolve("conf");
        this.run = dir.resolve("run");
        Files.createDirectories(conf);
        // FileInstall reads the *.cfg files of this directory (docs/CONFIGURATION.md), not setkey.conf.
        write("config.properties", """
                felix.fileinstall.dir = ${ipsec4j.home}/deploy,${ipsec4j.conf}
                felix.fileinstall.filter = .*\\\\.(cfg|config|jar)
                """);
    }

    /** A pcap port on {@code iface} (in the gateway's namespace, kernel without addresses there). */
    public Gateway pcapPort(String name, String iface, String addresses) throws IOException {
        ports.add(name);
        write("org.ipsec4j.io.pcap.port-" + name + ".cfg",
                "name = " + name + "\ninterface = " + iface + "\naddresses = " + addresses + "\n");
        return this;
    }

    /** A TUN port (role host) on the kernel's device {@code device}. */
    public Gateway tunPort(String name, String device, String addresses) throws IOException {
        ports.add(name);
        write("org.ipsec4j.io.tun.port-" + name + ".cfg",
                "name = " + name + "\ndevice = " + device + "\naddresses = " + addresses + "\nrole = host\n");
        return this;
    }

    public Gateway routes(String routes) throws IOException {
        write("org.ipsec4j.engine.routes.cfg", "routes = " + routes + "\n");
        return this;
    }

    public Gateway sysctl(String key, String value) throws IOException {
        sysctls.put(key, value);
        StringBuilder sb = new StringBuilder();
        sysctls.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        write("org.ipsec4j.sysctl.cfg", sb.toString());
        return this;
    }

    public Gateway setkeyConf(String statements) throws IOException {
        write("setkey.conf", statements);
        return this;
    }

    private void write(String file, String content) throws IOException {
        Files.writeString(conf.resolve(file), content, StandardCharsets.UTF_8);
    }

    /** Starts the gateway and waits until every configured port has opened. */
    public void start() throws IOException, InterruptedException {
        Netns.Result r = ns.status(home.resolve("bin/ipsec4j-gateway").toString(), "--conf", conf.toString(), "--daemon");
        started = true;
        if (!r.ok()) throw new IllegalStateException("gateway in " + ns + " did not start: " + r.output());
        long deadline = System.currentTimeMillis() + PORT_WAIT_MILLIS;
        while (true) {
            String log = log();
            if (ports.stream().allMatch(p -> log.contains(" port " + p + " on "))) return;
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("ports " + ports + " of the gateway in " + ns + " did not open; log:\n"
                        + tail(log));
            }
            Thread.sleep(100);
        }
    }

    /** {@code bin/setkey -c} with {@code statements} on standard input; returns its output. */
    public String setkey(String statements) throws IOException {
        return Netns.run(statements, home.resolve("bin/setkey").toString(), "-S", socket(), "-c");
    }

    /** {@code bin/setkey args...}. */
    public String setkeyCommand(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/setkey").toString(), "-S", socket()));
        cmd.addAll(List.of(args));
        return Netns.run(null, cmd.toArray(String[]::new));
    }

    /** The configuration directory. */
    public Path conf() {
        return conf;
    }

    private String socket() {
        return run.resolve("setkey.sock").toString();
    }

    public String log() throws IOException {
        Path log = run.resolve("gateway.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    public static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }

    @Override
    public void close() throws IOException {
        if (!started) return;
        started = false;
        ns.status(home.resolve("bin/ipsec4j-gateway").toString(), "--conf", conf.toString(), "stop");
    }
}
