package org.ipsec4j.itests.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ipsec4j.demo.netns.Capture;
import org.ipsec4j.demo.netns.EndHosts;
import org.ipsec4j.demo.netns.Family;
import org.ipsec4j.demo.netns.Installation;
import org.ipsec4j.demo.netns.Netns;
import org.ipsec4j.demo.netns.Transfer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The KAME guide's "IPsec between end hosts" on two ipsec4j gateways in end-host mode ({@link EndHosts}): the kernels'
 * own ping and TCP between A and B go through the TUN devices, ESP transport mode with the guide's SAs on the link,
 * and arrive intact; the link carries only ESP with SPIs 9998 (A to B) and 9999 (B to A) between them; traffic with C,
 * which has no SA, goes in plaintext (the {@code use} level).
 */
class KameEndHostsTest {
    private static final long TRANSFER_BYTES = 10L << 20;

    @BeforeAll
    static void namespaces() {
        String why = Netns.unavailable();
        Assumptions.assumeTrue(why == null, "network namespace tests skipped: " + why);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void guideEndHosts(Family family) throws Exception {
        try (EndHosts t = EndHosts.start(family, Installation.verified(), Work.directory(), System.out::println)) {
            List<Capture.IpPacket> link;
            Path data = t.dir().resolve("data");
            Path received = t.dir().resolve("received");
            try (Capture capture = Capture.start(t.switchNs(), "sa", t.dir().resolve("link-a.pcap"))) {
                assertTrue(family.ping(t.hostA(), t.b(), 3), "ping A to B");
                assertTrue(family.ping(t.hostB(), t.a(), 3), "ping B to A");
                String sha = Transfer.randomFile(data, TRANSFER_BYTES, 1);
                double seconds = Transfer.tcp(t.hostA(), t.hostB(), t.b(), 5001, data, received);
                assertEquals(TRANSFER_BYTES, Files.size(received), "bytes received");
                assertEquals(sha, Transfer.sha256(received), "SHA-256 of what B received");
                System.out.printf("%s: 10 MiB A to B in %.2f s (%.1f Mbit/s)%n", family, seconds,
                        TRANSFER_BYTES * 8 / seconds / 1e6);
                assertTrue(family.ping(t.hostA(), t.c(), 2), "ping A to C");
                assertTrue(family.ping(t.hostC(), t.a(), 2), "ping C to A");
                link = capture.stop();
            } finally {
                Files.deleteIfExists(data);
                Files.deleteIfExists(received);
            }
            Capture.flows(link).forEach(System.out::println);
            // The transfer's segments (at most the TUN MTU each) are ESP; the capture may miss a few.
            assertEquals(List.of(), t.linkProblems(link, TRANSFER_BYTES / EndHosts.TUN_MTU / 2));
            long echoesWithC = link.stream().filter(p -> p.between(t.a(), t.c()) && !p.isNeighbourDiscovery()).count();
            assertTrue(echoesWithC >= 8, "4 plaintext echoes and replies with C: " + echoesWithC);
        }
    }
}
