package org.ipsec4j.io.tun;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Linux network namespace of its own for one test (name with a random suffix), deleted on {@link #close}; code runs
 * inside it on a thread that joined it with {@code setns(2)}, commands through {@code ip netns exec}. Tests use only
 * TEST-NET addresses in it and never touch the root namespace's interfaces.
 */
final class TestNamespace implements AutoCloseable {
    private interface C extends Library {
        C LIB = Native.load("c", C.class);

        int open(String path, int flags);

        int setns(int fd, int nstype);

        int close(int fd);
    }

    private static final int CLONE_NEWNET = 0x40000000;
    final String name;

    private TestNamespace(String name) {
        this.name = name;
    }

    /** Why namespace tests cannot run here, or null when they can (root, iproute2 with netns). */
    static String unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) return "not root";
        try {
            Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return "ip netns is not available";
        } catch (IOException | InterruptedException e) {
            return "ip netns is not available: " + e.getMessage();
        }
        return null;
    }

    static TestNamespace create(String prefix) throws IOException {
        String name = prefix + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        run("ip", "netns", "add", name);
        TestNamespace ns = new TestNamespace(name);
        ns.exec("ip", "link", "set", "lo", "up");
        return ns;
    }

    /** Runs a command inside the namespace; returns its standard output, fails on a non-zero exit. */
    String exec(String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(Arrays.asList(command));
        return run(cmd.toArray(String[]::new));
    }

    /** Runs a command inside the namespace; returns its exit status (output discarded). */
    int status(String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(Arrays.asList(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + cmd);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw new IOException("interrupted: " + cmd);
        }
        return p.exitValue();
    }

    /** Runs {@code task} on a new thread inside this namespace (sockets and devices it opens belong here). */
    <T> T inside(Callable<T> task) throws Exception {
        FutureTask<T> f = new FutureTask<>(() -> {
            int fd = C.LIB.open("/var/run/netns/" + name, 0);
            if (fd < 0) throw new IOException("cannot open namespace " + name);
            try {
                if (C.LIB.setns(fd, CLONE_NEWNET) != 0) throw new IOException("setns " + name + " failed");
            } finally {
                C.LIB.close(fd);
            }
            return task.call();
        });
        Thread t = new Thread(f, "netns-" + name);
        t.start();
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) throw x;
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        run("ip", "netns", "del", name);
    }

    static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", command));
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + text.trim());
        }
        return text;
    }
}
