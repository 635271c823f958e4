package org.ipsec4j.itests.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The built gateway installation under test ({@code -Dipsec4j.gateway.home}, by default the distribution module's
 * {@code target/ipsec4j-gateway}) and the work directory of the runs ({@code -Dipsec4j.netns.work}).
 */
final class Installation {
    private Installation() {
    }

    static Path home() {
        return Path.of(System.getProperty("ipsec4j.gateway.home", "../../distribution/target/ipsec4j-gateway"))
                .toAbsolutePath().normalize();
    }

    /** A new directory for one test's configuration, logs and data. */
    static Path workDirectory(String name) throws IOException {
        Path base = Path.of(System.getProperty("ipsec4j.netns.work", "target/netns-runs")).toAbsolutePath();
        Path dir = base.resolve(name);
        Files.createDirectories(dir);
        return dir;
    }

    /** The programs the tests run (Debian packages iproute2, iputils-ping, socat, tshark for dumpcap, ethtool). */
    static final List<String> TOOLS = List.of("ip", "ping", "socat", "dumpcap", "ethtool", "sysctl");

    /**
     * Fails unless the installation has the gateway script and the bundles these tests need (the ports io-pcap and
     * io-tun, JNA, the engine) and the tools are on the path.
     */
    static Path verified() throws IOException {
        List<String> noTool = TOOLS.stream().filter(t -> !onPath(t)).toList();
        if (!noTool.isEmpty()) throw new IllegalStateException("programs missing for the namespace tests: " + noTool);
        Path home = home();
        if (!Files.isExecutable(home.resolve("bin/ipsec4j-gateway"))) {
            throw new IllegalStateException("no gateway installation at " + home + " (build the distribution module)");
        }
        List<String> missing = new ArrayList<>();
        try (Stream<Path> s = Files.list(home.resolve("bundle"))) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            for (String need : List.of("ipsec4j-engine", "ipsec4j-io-pcap", "ipsec4j-io-tun", "jna-")) {
                if (names.stream().noneMatch(n -> n.startsWith(need))) missing.add(need + "*.jar");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the installation " + home + " lacks bundle/" + String.join(", bundle/", missing));
        }
        return home;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        }
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }
}
