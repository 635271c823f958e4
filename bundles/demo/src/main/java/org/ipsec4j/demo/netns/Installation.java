package org.ipsec4j.demo.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The gateway installation the scenarios run ({@code -Dipsec4j.gateway.home}, else {@code -Dipsec4j.home} as
 * {@code bin/ipsec4j} sets it) and the programs they need.
 */
public final class Installation {
    private Installation() {
    }

    /** The programs the scenarios run (Debian: iproute2, iputils-ping, socat, tshark for dumpcap, ethtool, procps). */
    public static final List<String> TOOLS = List.of("ip", "ping", "socat", "dumpcap", "ethtool", "sysctl");

    public static Path home() {
        String home = System.getProperty("ipsec4j.gateway.home", System.getProperty("ipsec4j.home"));
        if (home == null) throw new IllegalStateException("no gateway installation: set -Dipsec4j.gateway.home=DIR");
        return Path.of(home).toAbsolutePath().normalize();
    }

    /**
     * The installation, after checking that it has the gateway script and the bundles the scenarios need (the ports
     * io-pcap and io-tun, JNA, the engine) and that the programs are on the path.
     *
     * @throws IllegalStateException naming what is missing
     */
    public static Path verified() throws IOException {
        List<String> noTool = TOOLS.stream().filter(t -> !onPath(t)).toList();
        if (!noTool.isEmpty()) throw new IllegalStateException("programs missing: " + String.join(", ", noTool));
        Path home = home();
        if (!Files.isExecutable(home.resolve("bin/ipsec4j-gateway"))) {
            throw new IllegalStateException("no gateway installation at " + home + " (build the distribution module)");
        }
        List<String> missing = new ArrayList<>();
        try (Stream<Path> s = Files.list(home.resolve("bundle"))) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            for (String need : List.of("ipsec4j-engine", "ipsec4j-io-pcap", "ipsec4j-io-tun", "jna-")) {
                if (names.stream().noneMatch(n -> n.startsWith(need))) missing.add("bundle/" + need + "*.jar");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the installation " + home + " lacks " + String.join(", ", missing));
        }
        return home;
    }

    private static boolean onPath(String program) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return dirs.stream().anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }
}
