package org.ipsec4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider bundle hot-added through {@code deploy/}: a copy of the built installation without
 * {@code bundle/ipsec4j-cipher-bc-*.jar} runs as a daemon, and {@code bin/setkey} refuses Camellia SAs; the jar
 * dropped into its {@code deploy/} is installed and started by FileInstall, after which they are accepted; the jar
 * deleted again is uninstalled, and the SAs stay. Whether a bundle is installed and active is read from the framework's own record of
 * it ({@code run/felix-cache/bundleN/bundle.info}: id, location, state, ...), which needs no console.
 */
class DeployHotAddIT {
    static final String CAMELLIA_SAS = """
            add 192.0.2.1 192.0.2.2 esp 0x6001 -m tunnel -E camellia-cbc 0x000102030405060708090a0b0c0d0e0f -A hmac-sha256 0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f ;
            add 192.0.2.2 192.0.2.1 esp 0x6001 -m tunnel -E camellia-cbc 0x000102030405060708090a0b0c0d0e0f -A hmac-sha256 0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f ;
            """;
    /**
     * The persistent states of a started bundle as the framework writes them into bundle.info: {@code Bundle.ACTIVE}
     * (32), or {@code Bundle.STARTING} (8) for a bundle started with its declared activation policy, as FileInstall
     * starts bundles; cipher-bc declares no lazy activation, so it is active as soon as it is started.
     */
    static final Set<String> STARTED = Set.of("32", "8");

    private Path base;
    private Path home;
    private Path conf;
    private Path run;
    private Path cipherBcJar;

    @BeforeEach
    void installationWithoutBouncyCastleProvider() throws IOException {
        base = Files.createTempDirectory(Path.of("/tmp"), "ipsec4j-deploy-it");
        home = base.resolve("gateway");
        Path built = Gateway.HOME;
        try (Stream<Path> files = Files.walk(built)) {
            for (Path from : files.toList()) {
                Path rel = built.relativize(from);
                if (rel.startsWith("run") || rel.toString().matches("bundle/ipsec4j-cipher-bc-.*\\.jar")) {
                    continue;
                }
                Path to = home.resolve(rel.toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        try (Stream<Path> jars = Files.list(built.resolve("bundle"))) {
            cipherBcJar = jars.filter(p -> p.getFileName().toString().matches("ipsec4j-cipher-bc-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no cipher-bc jar in " + built));
        }
        conf = Files.createDirectories(base.resolve("conf"));
        run = base.resolve("run");
        Files.writeString(conf.resolve("setkey.conf"), "# nothing at start\n");
    }

    @AfterEach
    void stopAndRemove() throws Exception {
        Command.run(List.of(home.resolve("bin/ipsec4j-gateway").toString(), "--conf", conf.toString(), "stop"),
                Map.of(), base, "", 120);
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void startGateway() throws Exception {
        Command.Result started = Command.run(List.of(home.resolve("bin/ipsec4j-gateway").toString(), "--daemon",
                "--conf", conf.toString()), Map.of(), base, "", 180);
        assertEquals(0, started.status(), () -> "the gateway did not start: " + started + "\n" + log());
    }

    private Command.Result setkey(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/setkey").toString());
        command.addAll(List.of(args));
        return Command.run(command, Map.of("IPSEC4J_CONTROL", run.resolve("setkey.sock").toString()), base, stdin, 60);
    }

    private String log() {
        try {
            Path log = run.resolve("gateway.log");
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** The framework's record of one installed bundle. */
    record BundleInfo(long id, String location, String state) {
    }

    /** The installed bundle whose location contains {@code fragment}, from the framework cache. */
    private Optional<BundleInfo> installed(String fragment) throws IOException {
        Path cache = run.resolve("felix-cache");
        if (!Files.isDirectory(cache)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(cache)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("bundle\\d+")).toList()) {
                Path info = dir.resolve("bundle.info");
                if (!Files.exists(info)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(info);
                if (lines.size() >= 3 && lines.get(1).contains(fragment)) {
                    return Optional.of(new BundleInfo(Long.parseLong(lines.get(0).trim()), lines.get(1), lines.get(2)));
                }
            }
        }
        return Optional.empty();
    }

    private static void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    private boolean cipherBcStarted() {
        try {
            return installed("/deploy/ipsec4j-cipher-bc-").map(b -> STARTED.contains(b.state())).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    private boolean cipherBcGone() {
        try {
            return installed("ipsec4j-cipher-bc-").isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** Copies the jar in under another name and renames it, so FileInstall never sees half a file. */
    private Path dropIntoDeploy() throws IOException {
        Path partial = home.resolve("deploy").resolve(cipherBcJar.getFileName() + ".part");
        Files.copy(cipherBcJar, partial);
        return Files.move(partial, home.resolve("deploy").resolve(cipherBcJar.getFileName()),
                StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void cipherBcDroppedIntoDeployIsStartedAndDeletedIsRemovedWhileSasStay() throws Exception {
        startGateway();
        assertTrue(installed("/bundle/ipsec4j-cipher-jce-").map(b -> STARTED.contains(b.state())).orElse(false),
                "the JCE provider runs");
        assertTrue(cipherBcGone(), "no Bouncy Castle provider at start");

        Path deployed = dropIntoDeploy();
        await("FileInstall installed and started " + deployed.getFileName(), 30, this::cipherBcStarted);

        Command.Result add = setkey(CAMELLIA_SAS, "-c");
        assertEquals(0, add.status(), add::toString);
        String dump = setkey("", "-D").out();
        assertEquals(2, dump.lines().filter(l -> l.startsWith("\tE: camellia-cbc  00010203")).count(), dump);

        Files.delete(deployed);
        await("FileInstall uninstalled the provider", 30, this::cipherBcGone);
        String after = setkey("", "-D").out();
        assertEquals(dump.lines().filter(l -> l.startsWith("\tesp mode=")).toList(),
                after.lines().filter(l -> l.startsWith("\tesp mode=")).toList(), "the SAs outlive their provider");
        assertTrue(log().lines().noneMatch(l -> l.contains(" ERROR ") || l.contains("SEVERE")), this::log);
    }

    /** {@code bin/setkey} refuses Camellia, naming what is offered, until its provider is deployed. */
    @Test
    void setkeyRefusesCamelliaUntilCipherBcIsDeployed() throws Exception {
        startGateway();
        Command.Result refused = setkey(CAMELLIA_SAS, "-c");
        assertEquals(1, refused.status(), refused::toString);
        assertTrue(refused.err().contains("encryption algorithm \"camellia-cbc\" is not offered by any provider now"),
                refused::toString);
        assertTrue(refused.err().contains("aes-cbc") && !refused.err().contains("twofish-cbc"),
                "the message lists what is offered: " + refused);
        assertEquals("No SAD entries.\n", setkey("", "-D").out());

        dropIntoDeploy();
        await("FileInstall installed and started the provider", 30, this::cipherBcStarted);
        Command.Result accepted = setkey(CAMELLIA_SAS, "-c");
        assertEquals(0, accepted.status(), accepted::toString);
    }
}
