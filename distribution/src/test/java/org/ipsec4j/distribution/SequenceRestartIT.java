package org.ipsec4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.ipsec4j.sad.ReplayWindow;
import org.junit.jupiter.api.Test;

/**
 * Outbound sequence numbers, and with them AES-GCM nonces, are never used twice across a SIGKILL and restarts of the
 * built gateway, and the peer's replay window keeps accepting.
 *
 * <p>Two network namespaces joined by a veth pair: the gateway runs in one ({@code --daemon}, a pcap port on its end,
 * 192.0.2.1), the peer's kernel in the other (192.0.2.2). {@code setkey.conf} has one ESP SA 192.0.2.1 to 192.0.2.2
 * (AES-GCM, transport) and an {@code out} policy requiring it for ICMP, so the gateway's echo replies to the peer's
 * plaintext {@code ping} are ESP. {@code dumpcap} captures them on the peer's side while the gateway runs, is killed
 * with SIGKILL (the pid of its pid file) in the middle of the traffic, starts again, stops cleanly and starts once more.
 * Every captured packet is opened with the SA's key (so it is the gateway's) and passed through an anti-replay window
 * as the peer would; no sequence number and no nonce may occur twice. Needs root (namespaces); skipped otherwise.
 */
class SequenceRestartIT {
    private static final String SPI = "0x5e9";
    private static final String KEY = "00112233445566778899aabbccddeeff";
    private static final String SALT = "01020304";
    private static final int BLOCK = 256;
    private static final long TIMEOUT_MILLIS = 60_000;

    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @Test
    void noSequenceNumberOrNonceIsSentTwiceAcrossAKillAndRestarts() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        assumeTrue(Command.run(List.of("ip", "netns", "list"), Map.of(), null, "", 30).status() == 0,
                "ip netns is not available");
        Path base = Files.createTempDirectory(Path.of("/tmp"), "ipsec4j-seq-it");
        Path run = base.resolve("run");
        try {
            Path home = installation(base);
            String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
            String gw = namespace("ipsec4j-seqgw-" + suffix);
            String peer = namespace("ipsec4j-seqpe-" + suffix);
            String gwIf = "sqg" + suffix;
            String peerIf = "sqp" + suffix;
            sh("ip", "link", "add", gwIf, "type", "veth", "peer", "name", peerIf);
            sh("ip", "link", "set", gwIf, "netns", gw);
            sh("ip", "link", "set", peerIf, "netns", peer);
            sh("ip", "-n", gw, "link", "set", gwIf, "up");
            sh("ip", "-n", peer, "addr", "add", "192.0.2.2/24", "dev", peerIf);
            sh("ip", "-n", peer, "link", "set", peerIf, "up");

            Path conf = Files.createDirectory(base.resolve("conf"));
            Files.writeString(conf.resolve("config.properties"), "ipsec4j.sad.sequence.block = " + BLOCK + "\n");
            Files.writeString(conf.resolve("org.ipsec4j.io.pcap.port-wan.cfg"),
                    "name = wan0\ninterface = " + gwIf + "\naddresses = 192.0.2.1/24\n");
            Files.writeString(conf.resolve("setkey.conf"), "flush;\nspdflush;\n"
                    + "add 192.0.2.1 192.0.2.2 esp " + SPI + " -m transport -E aes-gcm-16 0x" + KEY + SALT + " ;\n"
                    + "spdadd 192.0.2.1 192.0.2.2 icmp -P out ipsec esp/transport//require ;\n");

            Path pcap = base.resolve("esp.pcap");
            Path dumpcapLog = base.resolve("dumpcap.log");
            Process dumpcap = background(peer, dumpcapLog, "dumpcap", "-q", "-P", "-B", "16", "-i", peerIf, "-f",
                    "esp", "-w", pcap.toString());
            waitFor(() -> Files.exists(dumpcapLog) && Files.readString(dumpcapLog).contains("Capturing on"),
                    () -> "dumpcap did not start: " + Files.readString(dumpcapLog));
            Process ping = background(peer, base.resolve("ping.log"), "ping", "-i", "0.002", "-s", "64",
                    "192.0.2.1");

            start(gw, home, conf, run);
            Thread.sleep(3000);
            long pid = Long.parseLong(Files.readString(run.resolve("ipsec4j-gateway.pid")).trim());
            sh("kill", "-KILL", Long.toString(pid)); // during the traffic
            waitFor(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), () -> pid + " survived");

            long secondStart = System.currentTimeMillis() * 1000;
            start(gw, home, conf, run);
            Thread.sleep(3000);
            assertEquals(0, gateway(gw, home, conf, "stop").status(), "clean stop");

            long thirdStart = System.currentTimeMillis() * 1000;
            start(gw, home, conf, run);
            Thread.sleep(2000);
            ping.destroy();
            ping.waitFor(10, TimeUnit.SECONDS);
            Thread.sleep(300);
            dumpcap.destroy();
            assertTrue(dumpcap.waitFor(20, TimeUnit.SECONDS), "dumpcap stops");
            gateway(gw, home, conf, "stop");

            List<Esp> packets = read(pcap);

            ReplayWindow peerWindow = new ReplayWindow(64, false);
            Set<Long> sequences = new HashSet<>();
            Set<String> nonces = new HashSet<>();
            List<List<Long>> runs = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (Esp p : packets) {
                assertEquals(0x5e9, p.spi());
                assertTrue(sequences.add(p.sequence()), "sequence number " + p.sequence() + " sent twice");
                assertTrue(nonces.add(SALT + HexFormat.of().formatHex(p.iv())), "nonce of " + p.sequence() + " twice");
                assertEquals(0, open(p)[0], "packet " + p.sequence() + " is an ICMP echo reply under the SA's key");
                long full = peerWindow.check((int) p.sequence());
                assertTrue(full > 0 && peerWindow.commit(full), "the peer's window refused " + p.sequence());
                runs.get(p.micros() < secondStart ? 0 : p.micros() < thirdStart ? 1 : 2).add(p.sequence());
            }
            for (int r = 0; r < 3; r++) {
                assertTrue(runs.get(r).size() >= 100, "run " + (r + 1) + " sent " + runs.get(r).size() + " packets");
            }
            System.out.printf("captured %d ESP packets; runs: %s%n", packets.size(),
                    runs.stream().map(r -> r.size() + " packets " + min(r) + ".." + max(r)).toList());
            long lastBeforeKill = max(runs.get(0));
            long firstAfterKill = min(runs.get(1));
            assertTrue(firstAfterKill > lastBeforeKill && firstAfterKill <= lastBeforeKill + 2L * BLOCK,
                    "after the kill: " + lastBeforeKill + " then " + firstAfterKill + " (past the lease, at most 2 "
                            + "blocks on)");
            long lastBeforeStop = max(runs.get(1));
            long firstAfterStop = min(runs.get(2));
            assertTrue(firstAfterStop > lastBeforeStop && firstAfterStop <= lastBeforeStop + 16,
                    "after the clean stop: " + lastBeforeStop + " then " + firstAfterStop + " (right after it)");
            String log = Files.readString(run.resolve("gateway.log"));
            assertTrue(log.contains("outbound sequence numbers resume after ")
                    && log.contains("(the end of the last run's lease)")
                    && log.contains("(the last run stopped there)"), log);
        } finally {
            cleanUp(run, base);
        }
    }

    /** One captured ESP packet: capture time, SPI, sequence number, IV and what follows it. */
    private record Esp(long micros, long spi, long sequence, byte[] iv, byte[] sealed) {
    }

    /** The ESP packets of a pcap file of Ethernet frames, in capture order. */
    private static List<Esp> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
        }
        assertTrue(magic == 0xa1b2c3d4 || magic == 0xa1b23c4d, file + " is no pcap file");
        assertEquals(1, b.getInt(20), "Ethernet frames");
        boolean nanos = magic == 0xa1b23c4d;
        List<Esp> out = new ArrayList<>();
        for (int at = 24; at + 16 <= b.limit();) {
            long micros = (b.getInt(at) & 0xFFFF_FFFFL) * 1_000_000 + (b.getInt(at + 4) & 0xFFFF_FFFFL)
                    / (nanos ? 1000 : 1);
            int length = b.getInt(at + 8);
            int frame = at + 16;
            at = frame + length;
            if (at > b.limit() || length < 14 + 20 || (b.get(frame + 12) & 0xff) != 0x08 || b.get(frame + 13) != 0) {
                continue;
            }
            int ip = frame + 14;
            int esp = ip + (b.get(ip) & 0x0f) * 4;
            if ((b.get(ip + 9) & 0xff) != 50 || esp + 8 + 8 + 16 > at) {
                continue;
            }
            ByteBuffer big = b.duplicate().order(ByteOrder.BIG_ENDIAN);
            byte[] iv = new byte[8];
            big.get(esp + 8, iv);
            byte[] sealed = new byte[at - esp - 16];
            big.get(esp + 16, sealed);
            out.add(new Esp(micros, big.getInt(esp) & 0xFFFF_FFFFL, big.getInt(esp + 4) & 0xFFFF_FFFFL, iv, sealed));
        }
        return out;
    }

    /**
     * Opens an ESP packet of the SA as RFC 4106 says (nonce = salt || IV, AAD = SPI || sequence number, 16-byte ICV)
     * and returns its payload; fails unless the ICV verifies and the next header is ICMP.
     */
    private static byte[] open(Esp p) throws GeneralSecurityException {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] nonce = ByteBuffer.allocate(12).put(HexFormat.of().parseHex(SALT)).put(p.iv()).array();
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(HexFormat.of().parseHex(KEY), "AES"),
                new GCMParameterSpec(128, nonce));
        gcm.updateAAD(ByteBuffer.allocate(8).putInt((int) p.spi()).putInt((int) p.sequence()).array());
        byte[] plain = gcm.doFinal(p.sealed());
        assertEquals(1, plain[plain.length - 1], "next header ICMP");
        int padLength = plain[plain.length - 2] & 0xff;
        byte[] payload = new byte[plain.length - 2 - padLength];
        System.arraycopy(plain, 0, payload, 0, payload.length);
        return payload;
    }

    /**
     * The installation to run: the built one, or (while the build's {@code bundle/} has no JNA bundle, which the pcap
     * port needs) a copy of it whose {@code bundle/} adds {@code lib/jna.jar}.
     */
    private static Path installation(Path base) throws IOException {
        Path home = Gateway.HOME;
        try (Stream<Path> bundles = Files.list(home.resolve("bundle"))) {
            if (bundles.anyMatch(p -> p.getFileName().toString().startsWith("jna"))) {
                return home;
            }
        }
        Path jna = home.resolve("lib/jna.jar");
        assertTrue(Files.exists(jna), "no JNA in " + home + ": the pcap port cannot open");
        Path copy = base.resolve("home");
        for (String dir : List.of("bin", "conf", "deploy")) {
            copyTree(home.resolve(dir), copy.resolve(dir));
        }
        for (String dir : List.of("lib", "bundle")) {
            Files.createDirectories(copy.resolve(dir));
            try (Stream<Path> files = Files.list(home.resolve(dir))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.createSymbolicLink(copy.resolve(dir).resolve(f.getFileName()), f);
                }
            }
        }
        Files.createSymbolicLink(copy.resolve("bundle/jna.jar"), jna);
        return copy;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private String namespace(String name) throws IOException, InterruptedException {
        sh("ip", "netns", "add", name);
        namespaces.add(name);
        sh("ip", "-n", name, "link", "set", "lo", "up");
        sh("ip", "netns", "exec", name, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
                "net.ipv6.conf.default.disable_ipv6=1");
        return name;
    }

    /** Starts the gateway in {@code ns} and waits until its pcap port is open. */
    private static void start(String ns, Path home, Path conf, Path run) throws Exception {
        Path logFile = run.resolve("gateway.log");
        long offset = Files.exists(logFile) ? Files.size(logFile) : 0;
        Command.Result r = gateway(ns, home, conf, "--daemon");
        assertEquals(0, r.status(), () -> "the gateway did not start: " + r);
        waitFor(() -> Files.readString(logFile).substring((int) offset).contains("opened pcap port wan0"),
                () -> "the pcap port did not open:\n" + Files.readString(logFile).substring((int) offset));
    }

    private static Command.Result gateway(String ns, Path home, Path conf, String action)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns,
                home.resolve("bin/ipsec4j-gateway").toString(), "--conf", conf.toString()));
        command.add(action);
        return Command.run(command, Map.of(), null, "", 180);
    }

    private Process background(String ns, Path log, String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(command));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    private static void sh(String... command) throws IOException, InterruptedException {
        Command.Result r = Command.run(List.of(command), Map.of(), null, "", 60);
        assertEquals(0, r.status(), () -> String.join(" ", command) + ": " + r);
    }

    /** Every process this test started, the namespaces (with whatever runs in them) and the files go. */
    private void cleanUp(Path run, Path base) throws IOException, InterruptedException {
        Path pidFile = run.resolve("ipsec4j-gateway.pid");
        if (Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (String ns : namespaces) {
            Command.Result pids = Command.run(List.of("ip", "netns", "pids", ns), Map.of(), null, "", 30);
            for (String pid : pids.out().split("\\s+")) {
                if (!pid.isBlank()) {
                    Command.run(List.of("kill", "-KILL", pid.trim()), Map.of(), null, "", 30);
                }
            }
            Command.run(List.of("ip", "netns", "del", ns), Map.of(), null, "", 30);
        }
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private interface Check {
        boolean done() throws Exception;
    }

    private interface Message {
        String text() throws Exception;
    }

    private static void waitFor(Check check, Message message) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (!check.done()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(message.text());
            }
            Thread.sleep(50);
        }
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    private static long min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElseThrow();
    }
}
