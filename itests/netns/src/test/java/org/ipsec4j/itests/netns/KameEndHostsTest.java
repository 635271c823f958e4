package org.ipsec4j.itests.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
        try (EndHosts t = EndHosts.start(family)) {
            List<Capture.IpPacket> link;
            Path data = t.dir.resolve("data");
            Path received = t.dir.resolve("received");
            try (Capture capture = Capture.start(t.switchNs, "sa", t.dir.resolve("link-a.pcap"))) {
                assertTrue(family.ping(t.hostA, t.b, 3), "ping A to B");
                assertTrue(family.ping(t.hostB, t.a, 3), "ping B to A");
                String sha = Transfer.randomFile(data, TRANSFER_BYTES, 1);
                double seconds = Transfer.tcp(t.hostA, t.hostB, t.b, 5001, data, received);
                assertEquals(TRANSFER_BYTES, Files.size(received), "bytes received");
                assertEquals(sha, Transfer.sha256(received), "SHA-256 of what B received");
                System.out.printf("%s: 10 MiB A to B in %.2f s (%.1f Mbit/s)%n", family, seconds,
                        TRANSFER_BYTES * 8 / seconds / 1e6);
                assertTrue(family.ping(t.hostA, t.c, 2), "ping A to C");
                assertTrue(family.ping(t.hostC, t.a, 2), "ping C to A");
                link = capture.stop();
            } finally {
                Files.deleteIfExists(data);
                Files.deleteIfExists(received);
            }

            List<Capture.IpPacket> ab = link.stream().filter(p -> p.between(t.a, t.b)).toList();
            List<Capture.IpPacket> notEsp = ab.stream().filter(p -> !p.isEsp() && !p.isNeighbourDiscovery()).toList();
            assertEquals(List.of(), notEsp, "only ESP between A and B on the link");
            Map<Long, Long> spis = ab.stream().filter(Capture.IpPacket::isEsp)
                    .collect(Collectors.groupingBy(p -> p.from(t.a) ? p.spi() : -p.spi(),
                            Collectors.counting()));
            assertEquals(java.util.Set.of((long) EndHosts.SPI_A_TO_B, (long) -EndHosts.SPI_B_TO_A), spis.keySet(),
                    "SPI 9998 from A to B, 9999 from B to A: " + spis);
            assertTrue(spis.get((long) EndHosts.SPI_A_TO_B) > TRANSFER_BYTES / EndHosts.TUN_MTU / 2,
                    "the transfer went as ESP: " + spis);

            List<Capture.IpPacket> ac = link.stream().filter(p -> p.between(t.a, t.c) && !p.isNeighbourDiscovery())
                    .toList();
            int icmp = family.isIpv6() ? 58 : 1;
            assertTrue(ac.size() >= 8 && ac.stream().allMatch(p -> p.protocol() == icmp),
                    "plaintext ICMP echoes between A and C: " + ac);
        }
    }
}
