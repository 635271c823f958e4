package org.ipsec4j.itests.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the runs of these tests keep configurations, logs and captures: {@code -Dipsec4j.netns.work}. */
final class Work {
    private Work() {
    }

    static Path directory() throws IOException {
        return Files.createDirectories(
                Path.of(System.getProperty("ipsec4j.netns.work", "target/netns-runs")).toAbsolutePath());
    }
}
