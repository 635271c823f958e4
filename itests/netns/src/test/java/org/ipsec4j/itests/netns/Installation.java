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

    /**
     * Fails unless the installation has the gateway script and the bundles these tests need: the ports (io-pcap,
     * io-tun), JNA, the engine.
     */
    static Path verified() throws IOException {
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
}
