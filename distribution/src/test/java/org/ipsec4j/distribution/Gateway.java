package org.ipsec4j.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One gateway of the built distribution, with its own configuration directory {@code <base>/conf} and run directory
 * {@code <base>/run} under a fresh temporary directory, driven through {@code bin/ipsec4j-gateway} and
 * {@code bin/setkey} exactly as an administrator would.
 */
final class Gateway implements AutoCloseable {
    /** The installation: {@code target/ipsec4j-gateway}, set by the build. */
    static final Path HOME = Path.of(System.getProperty("ipsec4j.gateway.home", "target/ipsec4j-gateway"))
            .toAbsolutePath();

    final Path base;
    final Path conf;
    final Path run;

    Gateway() throws IOException {
        base = Files.createTempDirectory(Path.of("/tmp"), "ipsec4j-it");
        conf = Files.createDirectory(base.resolve("conf"));
        run = base.resolve("run");
    }

    /** The control socket of this gateway. */
    Path socket() {
        return run.resolve("setkey.sock");
    }

    /** Writes {@code conf/setkey.conf}. */
    Gateway setkeyConf(String text) throws IOException {
        Files.writeString(conf.resolve("setkey.conf"), text);
        return this;
    }

    /** {@code bin/ipsec4j-gateway --daemon --conf <conf>}. */
    Command.Result start() throws IOException, InterruptedException {
        return Command.run(List.of(HOME.resolve("bin/ipsec4j-gateway").toString(), "--daemon", "--conf",
                conf.toString()), Map.of(), base, "", 180);
    }

    /** Starts the gateway and insists that it came up. */
    Gateway started() throws IOException, InterruptedException {
        Command.Result result = start();
        String log = log();
        assertTrue(result.status() == 0, () -> "the gateway did not start: " + result + "\nlog:\n" + log);
        return this;
    }

    /** {@code bin/ipsec4j-gateway --conf <conf> stop}. */
    Command.Result stop() throws IOException, InterruptedException {
        return Command.run(List.of(HOME.resolve("bin/ipsec4j-gateway").toString(), "--conf", conf.toString(), "stop"),
                Map.of(), base, "", 120);
    }

    /** {@code bin/setkey ARGS} with {@code stdin}, finding the socket through {@code IPSEC4J_CONTROL}. */
    Command.Result setkey(String stdin, String... args) throws IOException, InterruptedException {
        return setkeyIn(base, stdin, args);
    }

    /** As {@link #setkey}, run in directory {@code cwd}. */
    Command.Result setkeyIn(Path cwd, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(HOME.resolve("bin/setkey").toString());
        command.addAll(List.of(args));
        return Command.run(command, Map.of("IPSEC4J_CONTROL", socket().toString()), cwd, stdin, 60);
    }

    /** The daemon's log so far. */
    String log() throws IOException {
        Path log = run.resolve("gateway.log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    /** The pid of the running daemon, from its pid file, or -1. */
    long pid() throws IOException {
        Path pidFile = run.resolve("ipsec4j-gateway.pid");
        return Files.exists(pidFile) ? Long.parseLong(Files.readString(pidFile).trim()) : -1;
    }

    /** Stops the gateway if it still runs, and removes the temporary directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        long pid = pid();
        if (pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            stop();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
