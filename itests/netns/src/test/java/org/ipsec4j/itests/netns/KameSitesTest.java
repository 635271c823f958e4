package org.ipsec4j.itests.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ipsec4j.demo.netns.Capture;
import org.ipsec4j.demo.netns.Family;
import org.ipsec4j.demo.netns.Installation;
import org.ipsec4j.demo.netns.Netns;
import org.ipsec4j.demo.netns.Sites;
import org.ipsec4j.demo.netns.Transfer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The KAME guide's "proxy ESPing" between two sites ({@link Sites}) with {@code require}: X and Y reach each other
 * (ping, a 10 MiB TCP transfer checked by SHA-256) through GA and GB; between the gateways there is only ESP with the
 * guide's SPIs between the gateway addresses; deleting the SAs with {@code bin/setkey} stops the traffic (nothing
 * leaks in plaintext), adding them again lets it flow.
 */
class KameSitesTest {
    private static final long TRANSFER_BYTES = 10L << 20;

    @BeforeAll
    static void namespaces() {
        String why = Netns.unavailable();
        Assumptions.assumeTrue(why == null, "network namespace tests skipped: " + why);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void guideSitesWithRequire(Family family) throws Exception {
        try (Sites t = Sites.start(family, "require", Installation.verified(), Work.directory(), System.out::println)) {
            List<Capture.IpPacket> wan;
            Path data = t.dir().resolve("data");
            Path received = t.dir().resolve("received");
            try (Capture capture = Capture.start(t.ga(), "w0", t.dir().resolve("wan.pcap"))) {
                assertTrue(family.ping(t.x(), t.hostY(), 3), "ping X to Y");
                assertTrue(family.ping(t.y(), t.hostX(), 3), "ping Y to X");
                String sha = Transfer.randomFile(data, TRANSFER_BYTES, 2);
                double seconds = Transfer.tcp(t.x(), t.y(), t.hostY(), 5002, data, received);
                assertEquals(TRANSFER_BYTES, Files.size(received), "bytes received");
                assertEquals(sha, Transfer.sha256(received), "SHA-256 of what Y received");
                System.out.printf("%s: 10 MiB X to Y in %.2f s (%.1f Mbit/s)%n", family, seconds,
                        TRANSFER_BYTES * 8 / seconds / 1e6);

                t.gatewayA().setkey(t.deleteSas());
                t.gatewayB().setkey(t.deleteSas());
                assertFalse(t.gatewayA().setkeyCommand("-D").contains("esp"), "GA's SAs are gone");
                assertTrue(family.pingFails(t.x(), t.hostY(), 3), "no SA: require drops X to Y");
                assertTrue(family.pingFails(t.y(), t.hostX(), 3), "no SA: require drops Y to X");

                t.gatewayA().setkey(t.guideSas());
                t.gatewayB().setkey(t.guideSas());
                assertTrue(family.ping(t.x(), t.hostY(), 3), "ping X to Y with the SAs back");
                wan = capture.stop();
            } finally {
                Files.deleteIfExists(data);
                Files.deleteIfExists(received);
            }
            Capture.flows(wan).forEach(System.out::println);
            assertEquals(List.of(), t.wanProblems(wan, TRANSFER_BYTES / 1500 / 2),
                    "only ESP between the gateways on the WAN");
        }
    }
}
