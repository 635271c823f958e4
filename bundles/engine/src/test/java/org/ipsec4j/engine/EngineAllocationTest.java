package org.ipsec4j.engine;

import static org.ipsec4j.engine.TestPackets.ipv4;
import static org.ipsec4j.engine.TestPackets.ipv6;
import static org.ipsec4j.engine.TestPackets.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's own work per packet allocates nothing in steady state: parsing, SPD and SAD lookups, counting. */
class EngineAllocationTest {
    private static final int PACKETS = 20_000;
    private final Host host = new Host("192.0.2.2");

    @AfterEach
    void close() {
        host.close();
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /**
     * Bytes allocated by {@code PACKETS} runs of {@code r}, after as many to warm up: the least of up to three such
     * rounds, so that a round during which the JIT had not compiled the path yet (a loaded machine) does not count.
     */
    private static long allocatedBy(Runnable r) {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3 && best >= 4096; round++) {
            for (int i = 0; i < PACKETS; i++) r.run();
            long before = allocatedBytes();
            for (int i = 0; i < PACKETS; i++) r.run();
            best = Math.min(best, allocatedBytes() - before);
        }
        return best;
    }

    @Test
    void policyDecisionsAllocateNothing() {
        host.setkey("spdadd 192.0.2.2 192.0.2.1 udp -P out ipsec esp/transport//use;\n"
                + "spdadd 192.0.2.2 192.0.2.3 udp -P out ipsec esp/tunnel/192.0.2.2-192.0.2.3/require;\n"
                + "spdadd 192.0.2.1 192.0.2.2 udp -P in ipsec esp/transport//require;\n"
                + "spdadd 2001:db8::1 2001:db8::2 any -P in discard;\n");
        byte[] use = ipv4("192.0.2.2", "192.0.2.1", 17, udp(1, 2, "use"));
        byte[] require = ipv4("192.0.2.2", "192.0.2.3", 17, udp(1, 2, "req"));
        byte[] violation = ipv4("192.0.2.1", "192.0.2.2", 17, udp(1, 2, "in"));
        byte[] discard = ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 2, "v6"));
        PacketBuffer pkt = new PacketBuffer(2048, 256);
        IpsecEngine e = host.engine;
        long bytes = allocatedBy(() -> {
            pkt.set(256, use, 0, use.length);
            check(Verdict.OK, e.output(pkt));
            pkt.set(256, require, 0, require.length);
            check(Verdict.NO_SA_FOR_POLICY, e.output(pkt));
            pkt.set(256, violation, 0, violation.length);
            check(Verdict.POLICY_VIOLATION, e.input(pkt));
            pkt.set(256, discard, 0, discard.length);
            check(Verdict.POLICY_DISCARD, e.input(pkt));
        });
        assertTrue(bytes < 4096, "allocated " + bytes + " bytes for " + 4 * PACKETS + " packets");
        long plaintext = e.statistics().outPlaintext();
        assertTrue(plaintext > 0 && plaintext % (2L * PACKETS) == 0, "one plaintext packet per run, warm-up included: "
                + plaintext);
    }

    private static void check(Verdict expected, Verdict actual) {
        if (expected != actual) throw new AssertionError(expected + " != " + actual);
    }
}
