package org.ipsec4j.demo.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Linux network namespace of one test, named with a random suffix; commands run in it through
 * {@code ip netns exec}. {@link #close} ends whatever still runs in it and deletes it. Tests give it only TEST-NET
 * addresses and never touch the root namespace's interfaces.
 */
public final class Netns implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 120;
    private final String name;
    private final List<Process> started = new ArrayList<>();

    private Netns(String name) {
        this.name = name;
    }

    /** Why these tests cannot run here (not root, no {@code ip netns}), or null when they can. */
    public static String unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) return "not root";
        try {
            Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return "ip netns is not available";
        } catch (IOException | InterruptedException e) {
            return "ip netns is not available (" + e.getMessage() + ")";
        }
        return null;
    }

    /** A random suffix for the names of one test's namespaces. */
    public static String suffix() {
        return Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    }

    /** Creates namespace {@code prefix-suffix} with its loopback up. */
    public static Netns create(String prefix, String suffix) throws IOException {
        String name = "ipsec4j-" + prefix + "-" + suffix;
        run(null, "ip", "netns", "add", name);
        Netns ns = new Netns(name);
        ns.exec("ip", "link", "set", "lo", "up");
        return ns;
    }

    /** {@code ip -n NAME args...}. */
    public String ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(Arrays.asList(args));
        return run(null, cmd.toArray(String[]::new));
    }

    /** Sets sysctls ({@code key=value}) in the namespace. */
    public void sysctl(String... settings) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sysctl", "-qw"));
        cmd.addAll(Arrays.asList(settings));
        exec(cmd.toArray(String[]::new));
    }

    /** Runs a command in the namespace; returns its output, fails on a non-zero exit. */
    public String exec(String... command) throws IOException {
        return run(null, inside(command));
    }

    /** Runs a command in the namespace with {@code input} on its standard input; returns its output. */
    public String execWithInput(String input, String... command) throws IOException {
        return run(input, inside(command));
    }

    /** Runs a command in the namespace; returns its exit status and output. */
    public Result status(String... command) throws IOException {
        return result(null, inside(command));
    }

    /** Starts a command in the namespace in the background, its output to {@code log}. */
    public Process start(Path log, String... command) throws IOException {
        Process p = new ProcessBuilder(inside(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        synchronized (started) {
            started.add(p);
        }
        return p;
    }

    private String[] inside(String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(Arrays.asList(command));
        return cmd.toArray(String[]::new);
    }

    /** Ends what the namespace still runs (processes this test started), then deletes it. */
    @Override
    public void close() throws IOException {
        synchronized (started) {
            for (Process p : started) p.destroy();
            for (Process p : started) {
                try {
                    if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                }
            }
        }
        for (String pid : run(null, "ip", "netns", "pids", name).split("\\s+")) {
            if (!pid.isBlank()) result(null, "kill", "-KILL", pid.trim());
        }
        run(null, "ip", "netns", "del", name);
    }

    /** The namespace's name, for {@code ip netns exec} and {@code ip ... netns}. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    /** What a command did. */
    public record Result(int status, String output) {
        public boolean ok() {
            return status == 0;
        }
    }

    public static String run(String input, String... command) throws IOException {
        Result r = result(input, command);
        if (!r.ok()) {
            throw new IOException(String.join(" ", command) + " failed (" + r.status() + "): " + r.output().trim());
        }
        return r.output();
    }

    public static Result result(String input, String... command) throws IOException {
        Path out = Files.createTempFile("ipsec4j-netns", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            if (input == null) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            if (input != null) {
                try (var in = p.getOutputStream()) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            try {
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("timed out after " + TIMEOUT_SECONDS + " s: " + String.join(" ", command));
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
