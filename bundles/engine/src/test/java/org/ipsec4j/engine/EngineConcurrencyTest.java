package org.ipsec4j.engine;

import static org.ipsec4j.engine.TestPackets.ipv4;
import static org.ipsec4j.engine.TestPackets.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several threads through one pair of engines at once: each packet arrives intact, every packet is counted. */
class EngineConcurrencyTest {
    private static final int THREADS = 4;
    private static final int PACKETS = 500;
    private final Host a = new Host("192.0.2.1");
    private final Host b = new Host("192.0.2.2");

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void threadsShareTheEnginesAndTheirSas() throws Exception {
        String sas = "add 192.0.2.1 192.0.2.2 esp 0x700 -E aes-cbc 0x000102030405060708090a0b0c0d0e0f"
                + " -A hmac-sha256 0x101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f ;\n";
        a.setkey(sas + "spdadd 192.0.2.1 192.0.2.2 udp -P out ipsec esp/transport//require;\n");
        b.setkey(sas + "spdadd 192.0.2.1 192.0.2.2 udp -P in ipsec esp/transport//require;\n");
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    PacketBuffer pkt = new PacketBuffer(1024, 128);
                    int intact = 0;
                    for (int i = 0; i < PACKETS; i++) {
                        byte[] p = ipv4("192.0.2.1", "192.0.2.2", 17, udp(1000 + thread, 2000, "t" + thread + " #" + i));
                        pkt.set(128, p, 0, p.length);
                        if (a.engine.output(pkt) != Verdict.OK || b.engine.input(pkt) != Verdict.OK) continue;
                        if (Arrays.equals(p, pkt.toByteArray())) intact++;
                    }
                    return intact;
                }));
            }
            for (Future<Integer> f : results) assertEquals(PACKETS, f.get());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(THREADS * PACKETS, a.engine.statistics().outSuccess());
        assertEquals(THREADS * PACKETS, b.engine.statistics().inSuccess());
        assertEquals(THREADS * PACKETS, b.sad.dump().get(0).counters().packets());
    }
}
