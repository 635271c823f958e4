package org.ipsec4j.itests.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keys never reach the gateway's logs. The built gateway ({@code distribution/target/ipsec4j-gateway}) runs as a
 * daemon with every logger at its finest level, starts from a {@code setkey.conf} with keys, and is driven through
 * {@code bin/setkey} exactly as an administrator would: adds (hex and quoted text keys), a dump, deletes, a flush,
 * and every kind of error around a key (bad length, unknown algorithm, syntax error after a key, an add of an existing
 * SA, an update of a missing one, a malformed control request carrying a key). Then every file under its run
 * directory (log, pid, framework cache, ...) is searched for every key, as hex (either case, with or without blanks),
 * as raw bytes, as text and as Base64. {@code setkey -D} shows keys by design, as KAME's does: its output goes to the
 * administrator, and is the control that the search finds a key where one is.
 */
class GatewayKeyLogTest {
    private static final Path HOME = Path.of(System.getProperty("ipsec4j.gateway.home",
            "../../distribution/target/ipsec4j-gateway")).toAbsolutePath().normalize();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void noKeyInAnyFileOfTheRunDirectory() throws Exception {
        assertTrue(Files.isExecutable(HOME.resolve("bin/ipsec4j-gateway")),
                "the gateway must be built first (mvn install -pl distribution): " + HOME);
        Map<String, byte[]> keys = new LinkedHashMap<>();
        Path base = Files.createTempDirectory(Path.of("/tmp"), "ipsec4j-keylog");
        Path conf = Files.createDirectory(base.resolve("conf"));
        Path run = base.resolve("run");
        try {
            String confSa = "add 192.0.2.1 192.0.2.2 esp 0x3001 -E aes-cbc " + hex(keys, "conf-aes", 16)
                    + " -A hmac-sha256 " + hex(keys, "conf-hmac", 32) + " ;\n"
                    + "add 192.0.2.2 192.0.2.1 esp 0x3002 -E aes-gcm-16 " + hex(keys, "conf-gcm", 20) + " ;\n";
            Files.writeString(conf.resolve("setkey.conf"), confSa);
            Files.writeString(conf.resolve("config.properties"), "felix.log.level = 4\n");
            Files.writeString(base.resolve("logging.properties"), """
                    handlers = java.util.logging.ConsoleHandler
                    .level = ALL
                    java.util.logging.ConsoleHandler.level = ALL
                    """);
            Map<String, String> env = Map.of("IPSEC4J_JAVA_OPTS",
                    "-Djava.util.logging.config.file=" + base.resolve("logging.properties"),
                    "IPSEC4J_CONTROL", run.resolve("setkey.sock").toString());
            Result start = command(base, env, "", HOME.resolve("bin/ipsec4j-gateway").toString(), "--daemon",
                    "--conf", conf.toString());
            assertEquals(0, start.status, "the gateway did not start: " + start);
            try {
                String text = text(keys, "add-text", 8);
                ok(base, env, "add 192.0.2.1 192.0.2.3 esp 0x3003 -E des-cbc \"" + text + "\" ;\n"
                        + "add 192.0.2.3 192.0.2.1 ah 0x3004 -A hmac-sha1 " + hex(keys, "add-sha1", 20) + " ;\n"
                        + "add 2001:db8::1 2001:db8::2 esp 0x3005 -E chacha20-poly1305 " + hex(keys, "add-chacha", 36)
                        + " ;\n");
                Result dump = command(base, env, "", HOME.resolve("bin/setkey").toString(), "-D");
                assertEquals(0, dump.status, dump.toString());
                assertTrue(found(dump.out.getBytes(StandardCharsets.UTF_8), keys.get("add-sha1")),
                        "control: the search finds the key that setkey -D shows:\n" + dump.out);
                ok(base, env, "delete 192.0.2.1 192.0.2.3 esp 0x3003 ;\nupdate 192.0.2.3 192.0.2.1 ah 0x3004 -A hmac-sha1 "
                        + hex(keys, "update-sha1", 20) + " ;\n");
                // errors, each with a key in it
                fails(base, env, "add 192.0.2.1 192.0.2.4 esp 0x3006 -E aes-cbc " + hex(keys, "bad-length", 15) + " ;\n");
                fails(base, env, "add 192.0.2.1 192.0.2.4 esp 0x3007 -E aes-cbcx " + hex(keys, "unknown-alg", 16) + " ;\n");
                fails(base, env, "add 192.0.2.1 192.0.2.4 esp 0x3008 -E aes-cbc " + hex(keys, "syntax", 16) + " oops ;\n");
                fails(base, env, "add 192.0.2.1 192.0.2.2 esp 0x3001 -E aes-cbc " + hex(keys, "exists", 16)
                        + " -A hmac-sha256 " + hex(keys, "exists-hmac", 32) + " ;\n");
                fails(base, env, "update 192.0.2.9 192.0.2.8 esp 0x3009 -E aes-cbc " + hex(keys, "missing", 16) + " ;\n");
                fails(base, env, "add 192.0.2.1 192.0.2.4 esp 0x300a -E des-cbc \"" + text(keys, "bad-text", 7) + "\" ;\n");
                badRequest(run.resolve("setkey.sock"), keys);
                Result flush = command(base, env, "", HOME.resolve("bin/setkey").toString(), "-F");
                assertEquals(0, flush.status, flush.toString());
                Result empty = command(base, env, "", HOME.resolve("bin/setkey").toString(), "-D");
                assertEquals("No SAD entries.\n", empty.out, empty.toString());
            } finally {
                Result stop = command(base, env, "", HOME.resolve("bin/ipsec4j-gateway").toString(), "--conf",
                        conf.toString(), "stop");
                assertEquals(0, stop.status, stop.toString());
            }
            List<String> leaks = new ArrayList<>();
            int files = 0;
            try (Stream<Path> walk = Files.walk(run)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    files++;
                    byte[] content = Files.readAllBytes(p);
                    keys.forEach((name, key) -> {
                        if (found(content, key)) {
                            leaks.add(name + " in " + run.relativize(p));
                        }
                    });
                }
            }
            String log = Files.readString(run.resolve("gateway.log"));
            assertTrue(log.contains("control socket listening"), "the log is the gateway's, at its finest:\n" + log);
            assertEquals(List.of(), leaks, "keys found under the run directory (" + files + " files)");
            System.out.println(keys.size() + " keys, none in the " + files + " files of the run directory ("
                    + log.lines().count() + " log lines)");
        } finally {
            try (Stream<Path> walk = Files.walk(base)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * A {@code setkey.conf} whose statements print (a {@code get} or {@code dump}, as {@code setkey -f} allows) must
     * not put the keys they show into the gateway's log.
     */
    @Test
    void setkeyConfOutputKeepsKeysOutOfTheLog() throws Exception {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        String conf = "add 192.0.2.1 192.0.2.2 esp 0x3101 -E aes-cbc " + hex(keys, "get-aes", 16) + " ;\n"
                + "get 192.0.2.1 192.0.2.2 esp 0x3101 ;\n";
        assertEquals(List.of(), startAndScan(conf, keys, true));
    }

    /** A {@code setkey.conf} with a mistyped key must not put the key into the log when the start fails on it. */
    @Test
    void mistypedKeyInSetkeyConfStaysOutOfTheLog() throws Exception {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        String conf = "add 192.0.2.1 192.0.2.2 esp 0x3102 -E aes-cbc " + hex(keys, "typo-aes", 16) + "zz ;\n";
        assertEquals(List.of(), startAndScan(conf, keys, false));
    }

    /** Starts a gateway on {@code setkeyConf}, stops it, and lists the keys found under its run directory. */
    private static List<String> startAndScan(String setkeyConf, Map<String, byte[]> keys, boolean starts)
            throws Exception {
        Path base = Files.createTempDirectory(Path.of("/tmp"), "ipsec4j-keylog");
        try {
            Path conf = Files.createDirectory(base.resolve("conf"));
            Path run = base.resolve("run");
            Files.writeString(conf.resolve("setkey.conf"), setkeyConf);
            Map<String, String> env = Map.of("IPSEC4J_CONTROL", run.resolve("setkey.sock").toString());
            Result start = command(base, env, "", HOME.resolve("bin/ipsec4j-gateway").toString(), "--daemon",
                    "--conf", conf.toString());
            assertEquals(starts ? 0 : 1, start.status, start.toString());
            if (starts) {
                Result stop = command(base, env, "", HOME.resolve("bin/ipsec4j-gateway").toString(), "--conf",
                        conf.toString(), "stop");
                assertEquals(0, stop.status, stop.toString());
            }
            List<String> leaks = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(run)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    byte[] content = Files.readAllBytes(p);
                    keys.forEach((name, key) -> {
                        if (found(content, key)) {
                            leaks.add(name + " in " + run.relativize(p));
                        }
                    });
                }
            }
            return leaks;
        } finally {
            try (Stream<Path> walk = Files.walk(base)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A control request that breaks the protocol (an argument that is not UTF-8) and carries a key. */
    private static void badRequest(Path socket, Map<String, byte[]> keys) throws IOException {
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        keys.put("bad-request", key);
        byte[] argument = new byte[key.length + 1];
        System.arraycopy(key, 0, argument, 0, key.length);
        argument[key.length] = (byte) 0xc3; // a UTF-8 sequence cut short
        byte[] payload = new byte[2 + 2 + argument.length + 4];
        Packets.put16(payload, 0, 1);
        Packets.put16(payload, 2, argument.length);
        System.arraycopy(argument, 0, payload, 4, argument.length);
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            OutputStream out = Channels.newOutputStream(ch);
            out.write(new byte[] {'I', 'P', 'S', 'K', 1, 'C', 0, 0, 0, (byte) payload.length});
            out.write(payload);
            out.flush();
            ch.shutdownOutput();
            String reply = new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(reply.contains("bad request"), reply);
        }
    }

    private static String hex(Map<String, byte[]> keys, String name, int bytes) {
        byte[] k = new byte[bytes];
        RANDOM.nextBytes(k);
        keys.put(name, k);
        return "0x" + HexFormat.of().formatHex(k);
    }

    /** A key of {@code n} printable letters (a quoted key). */
    private static String text(Map<String, byte[]> keys, String name, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + RANDOM.nextInt(26)));
        }
        keys.put(name, sb.toString().getBytes(StandardCharsets.US_ASCII));
        return sb.toString();
    }

    /** Whether {@code content} holds {@code key} in any of the forms it could be written in. */
    static boolean found(byte[] content, byte[] key) {
        String latin = new String(content, StandardCharsets.ISO_8859_1);
        String squeezed = latin.replaceAll("[\\s:]", "").toLowerCase();
        String hex = HexFormat.of().formatHex(key);
        String printable = new String(key, StandardCharsets.ISO_8859_1);
        boolean text = printable.chars().allMatch(c -> c >= 'a' && c <= 'z');
        return squeezed.contains(hex) || latin.contains(printable) && (text || key.length >= 8)
                || key.length >= 12 && latin.contains(Base64.getEncoder().withoutPadding().encodeToString(key));
    }

    private static void ok(Path cwd, Map<String, String> env, String statements) throws Exception {
        Result r = command(cwd, env, statements, HOME.resolve("bin/setkey").toString(), "-c");
        assertEquals(0, r.status, r.toString());
    }

    private static void fails(Path cwd, Map<String, String> env, String statements) throws Exception {
        Result r = command(cwd, env, statements, HOME.resolve("bin/setkey").toString(), "-c");
        assertNotEquals(0, r.status, r.toString());
        assertTrue(r.err.startsWith("setkey: "), r.toString());
    }

    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    private static Result command(Path cwd, Map<String, String> env, String stdin, String... command)
            throws Exception {
        ProcessBuilder b = new ProcessBuilder(command).directory(cwd.toFile());
        b.environment().putAll(env);
        Process p = b.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the command did not read its input
        }
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    private static String drain(java.io.InputStream s) {
        try {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
