package org.ipsec4j.itests.karaf;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Apache Karaf, unpacked by the build into {@code target/}, run headless ({@code bin/karaf server}) on free ports
 * and driven through {@code bin/client} over ssh, as an administrator would. Made offline before it starts: its Maven
 * resolver sees only Karaf's {@code system/} repository (which the build filled), no remote repository and an empty
 * local one. {@link #close()} stops it, also after a failure.
 */
final class Karaf implements AutoCloseable {
    /** The longest a single client command may take. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    /** ANSI colour sequences, which Karaf's shell writes to a terminal. */
    private static final Pattern ANSI = Pattern.compile("\u001B(\\[[0-9;?]*[A-Za-z]|[=>])");

    final Path home;
    private final int sshPort;
    private Process server;

    /** What one client command did: its exit status and its output (standard output and error, as on a terminal). */
    record Result(int status, String output) {
        @Override
        public String toString() {
            return "exit " + status + "\n" + output;
        }
    }

    private Karaf(Path home, int sshPort) {
        this.home = home;
        this.sshPort = sshPort;
    }

    /** Configures the Karaf at {@code home} (ports, user, offline resolver, fresh data/) and starts it. */
    static Karaf start(Path home) throws IOException, InterruptedException {
        int ssh = freePort();
        configure(home, ssh, freePort(), freePort());
        Karaf karaf = new Karaf(home, ssh);
        try {
            karaf.launch();
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            karaf.close();
            throw e;
        }
        return karaf;
    }

    private static void configure(Path home, int ssh, int rmiRegistry, int rmiServer) throws IOException {
        Path etc = home.resolve("etc");
        deleteTree(home.resolve("data"));
        setProperties(etc.resolve("org.apache.karaf.shell.cfg"), List.of("sshPort = " + ssh, "sshHost = 127.0.0.1"));
        setProperties(etc.resolve("org.apache.karaf.management.cfg"), List.of(
                "rmiRegistryPort = " + rmiRegistry, "rmiServerPort = " + rmiServer,
                "rmiRegistryHost = 127.0.0.1", "rmiServerHost = 127.0.0.1"));
        // the stock users.properties has its only user commented out
        Path users = etc.resolve("users.properties");
        Files.writeString(users, Files.readString(users)
                .replace("\n#karaf = karaf,", "\nkaraf = karaf,")
                .replace("\n#_g_\\:admingroup = ", "\n_g_\\:admingroup = "));
        Path emptyLocalRepository = Files.createDirectories(home.resolve("offline-m2"));
        Files.writeString(etc.resolve("org.ops4j.pax.url.mvn.cfg"), String.join("\n",
                "# written by the test: Karaf's own system/ repository only, nothing remote, an empty local repository",
                "org.ops4j.pax.url.mvn.offline = true",
                "org.ops4j.pax.url.mvn.useFallbackRepositories = false",
                "org.ops4j.pax.url.mvn.defaultRepositories = ${karaf.home.uri}system@id=system.repository@snapshots",
                "org.ops4j.pax.url.mvn.repositories =",
                "org.ops4j.pax.url.mvn.localRepository = " + emptyLocalRepository,
                ""));
    }

    /** Replaces (or appends) {@code key = value} lines of a Karaf .cfg file, keeping its other lines. */
    private static void setProperties(Path file, List<String> lines) throws IOException {
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String key = line.contains("=") ? line.substring(0, line.indexOf('=')).trim() : null;
            if (key == null || lines.stream().noneMatch(l -> l.startsWith(key + " ="))) {
                kept.add(line);
            }
        }
        kept.addAll(lines);
        Files.write(file, kept);
    }

    private void launch() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("EXTRA_JAVA_OPTS", "-Xmx256m");
        pb.directory(home.toFile());
        pb.redirectErrorStream(true);
        pb.redirectOutput(home.resolve("karaf-console.log").toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        server = pb.start();
        // should the test JVM end without close(), Karaf must not outlive it
        Process started = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.descendants().forEach(ProcessHandle::destroyForcibly);
            started.destroyForcibly();
        }));
        // ready once a client gets a shell
        Result ready = client(List.of("-r", "60", "-d", "1"), "echo ipsec4j-ready");
        if (ready.status() != 0 || !ready.output().contains("ipsec4j-ready")) {
            throw new IllegalStateException("Karaf did not come up: " + ready + "\n" + tail(log(), 4000));
        }
    }

    /** Runs one shell command line (several commands may be separated by {@code ;}) through {@code bin/client}. */
    Result run(String commandLine) throws IOException, InterruptedException {
        return client(List.of("-r", "3", "-d", "1"), commandLine);
    }

    /**
     * {@code bin/client} needs a terminal to print what the command wrote (without one the output is lost), so it runs
     * under {@code script(1)}, with standard input kept open until the client is done.
     */
    private Result client(List<String> options, String commandLine) throws IOException, InterruptedException {
        List<String> words = new ArrayList<>(List.of(home.resolve("bin/client").toString(), "-h", "127.0.0.1",
                "-a", Integer.toString(sshPort), "-u", "karaf", "-p", "karaf"));
        words.addAll(options);
        words.add(commandLine);
        StringBuilder shellLine = new StringBuilder();
        for (String w : words) {
            shellLine.append(shellLine.length() == 0 ? "" : " ").append('\'').append(w.replace("'", "'\\''")).append('\'');
        }
        ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c", shellLine.toString(), "/dev/null");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        OutputStream keepOpen = p.getOutputStream();
        CompletableFuture<String> out = drain(p.getInputStream());
        boolean done = p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        keepOpen.close();
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("bin/client timed out on: " + commandLine);
        }
        String text = ANSI.matcher(out.join().replace("\r", "")).replaceAll("");
        // the client's own greeting is no output of the command
        text = text.replaceFirst("^Logging in as karaf\n", "");
        return new Result(p.exitValue(), text);
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Karaf's log so far. */
    String log() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    /** The lines of Karaf's log at level ERROR, with the lines of their stack traces. */
    List<String> errors() throws IOException {
        List<String> errors = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\S+ \\| ERROR .*$").matcher(log());
        while (m.find()) {
            errors.add(m.group());
        }
        return errors;
    }

    static String tail(String text, int chars) {
        return text.length() <= chars ? text : text.substring(text.length() - chars);
    }

    /** Stops Karaf: {@code bin/stop}, then whatever is left of the process tree is killed. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (server == null) {
            return;
        }
        ProcessBuilder stop = new ProcessBuilder(home.resolve("bin/stop").toString());
        stop.environment().put("JAVA_HOME", System.getProperty("java.home"));
        stop.redirectErrorStream(true);
        stop.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process s = stop.start();
        s.waitFor(30, TimeUnit.SECONDS);
        List<ProcessHandle> tree = new ArrayList<>(server.descendants().toList());
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            tree.addAll(server.descendants().toList());
            tree.forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        server = null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
