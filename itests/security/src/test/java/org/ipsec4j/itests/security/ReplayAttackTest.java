package org.ipsec4j.itests.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.SaCounters;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.engine.EngineStatistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Replay: a recorded flow of 300 authentic packets under an SA with a 64-packet window ({@code -r 8}), delivered once
 * out of order within the window, then every packet sent again in a shuffled order, then the last window's worth in
 * order again, then the oldest ones far behind the window, and a packet held back for longer than the window. No
 * packet may be delivered twice, the held-back one not at all; every replay is dropped as {@code replay}, and the SA's
 * and the engine's replay counters rise by exactly the replays sent.
 */
class ReplayAttackTest {
    static final List<Family> FAMILIES = ForgeryAttackTest.INTEGRITY;
    private static final int FLOW = 300;
    private static final int WINDOW = 64;
    private static Lab lab;

    @BeforeAll
    static void lab() {
        lab = new Lab(FAMILIES, WINDOW / 8);
    }

    @AfterAll
    static void close() {
        lab.close();
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("FAMILIES")
    void noPacketIsDeliveredTwice(Family f) {
        List<byte[]> flow = new ArrayList<>();
        for (int i = 0; i < FLOW; i++) {
            flow.add(lab.protect(Lab.plaintext(f, i, 64)));
        }
        Set<String> delivered = new HashSet<>();
        SaCounters saBefore = lab.receiverSa(f).counters();
        EngineStatistics before = lab.receiver.engine.statistics();
        PacketBuffer b = Packets.buffer();
        Random random = new Random(f.spi());

        // first delivery: blocks of 16 reversed, so that packets arrive out of order but inside the window
        List<Integer> order = new ArrayList<>();
        for (int block = 0; block < FLOW; block += 16) {
            for (int i = Math.min(block + 16, FLOW) - 1; i >= block; i--) {
                order.add(i);
            }
        }
        int heldBack = 150; // held back for 100 packets: longer than the window
        for (int i : order) {
            if (i == heldBack) {
                continue;
            }
            assertEquals(Verdict.OK, lab.receive(flow.get(i), b), f + ": packet " + i + " out of order");
            assertTrue(delivered.add(key(b)), f + ": packet " + i + " delivered twice");
        }
        int replays = 0;
        // the held-back packet, 150 packets later: left of the window, never seen
        assertEquals(Verdict.REPLAY, lab.receive(flow.get(heldBack), b), f + ": a packet older than the window");
        replays++;
        // every packet again, shuffled
        List<Integer> shuffled = new ArrayList<>(order);
        Collections.shuffle(shuffled, random);
        for (int i : shuffled) {
            assertEquals(Verdict.REPLAY, lab.receive(flow.get(i), b), f + ": replay of packet " + i);
            replays++;
        }
        // the last window in order, and the oldest packets far behind the window
        for (int i = FLOW - WINDOW; i < FLOW; i++) {
            assertEquals(Verdict.REPLAY, lab.receive(flow.get(i), b), f + ": replay inside the window " + i);
            replays++;
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(Verdict.REPLAY, lab.receive(flow.get(i), b), f + ": replay far behind " + i);
            replays++;
        }

        SaCounters sa = lab.receiverSa(f).counters();
        EngineStatistics after = lab.receiver.engine.statistics();
        assertEquals(FLOW - 1, delivered.size());
        assertEquals(FLOW - 1, sa.packets() - saBefore.packets(), f + ": packets verified");
        assertEquals(replays, sa.drops(Verdict.REPLAY) - saBefore.drops(Verdict.REPLAY), f + ": the SA's replay drops");
        assertEquals(replays, after.inReplay() - before.inReplay(), f + ": the engine's replay drops");
        assertEquals(FLOW - 1, after.inSuccess() - before.inSuccess());
        assertEquals(replays, after.inDropped() - before.inDropped(), f + ": no other drops");
        System.out.println(f + ": " + (FLOW - 1) + " delivered once, " + replays + " replays dropped");
    }

    /**
     * The same replays raced: four threads receive the same 500 packets at once, each in its own order. The replay
     * window's commit after the ICV lets exactly one of them through per packet.
     */
    @ParameterizedTest(name = "{0}")
    @FieldSource("FAMILIES")
    void racingReplaysDeliverEachPacketOnce(Family f) throws Exception {
        int n = 500;
        int threads = 4;
        List<byte[]> flow = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            flow.add(lab.protect(Lab.plaintext(f, 10_000 + i, 64)));
        }
        SaCounters before = lab.receiverSa(f).counters();
        java.util.concurrent.ConcurrentHashMap<String, Integer> delivered = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger replays = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int seed = t;
            Thread w = new Thread(() -> {
                try {
                    List<byte[]> mine = new ArrayList<>(flow);
                    // close to the arrival order (a window of 64 covers the spread), different per thread
                    for (int i = 0; i + 8 <= mine.size(); i += 8) {
                        Collections.shuffle(mine.subList(i, i + 8), new Random(seed * 7919L + i));
                    }
                    PacketBuffer b = Packets.buffer();
                    start.await();
                    for (byte[] p : mine) {
                        Verdict v = lab.receive(p, b);
                        if (v == Verdict.OK) {
                            delivered.merge(key(b), 1, Integer::sum);
                        } else if (v == Verdict.REPLAY) {
                            replays.incrementAndGet();
                        } else {
                            throw new AssertionError("verdict " + v);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        assertEquals(List.of(), failures);
        assertTrue(delivered.values().stream().allMatch(c -> c == 1), f + ": a packet delivered twice");
        SaCounters after = lab.receiverSa(f).counters();
        assertEquals(delivered.size(), after.packets() - before.packets(), f + ": verified packets");
        assertEquals(replays.get(), after.drops(Verdict.REPLAY) - before.drops(Verdict.REPLAY), f + ": replays");
        assertEquals(threads * n, delivered.size() + replays.get());
        assertTrue(delivered.size() >= n - 64, f + ": " + delivered.size() + " of " + n + " delivered");
    }

    /**
     * An {@code update} that enlarges the replay window (here from {@code -r 1}, 8 packets, to {@code -r 32}, 256) must
     * not reopen numbers the old window had already passed: packets received before, left of the old window, must
     * stay replays after the update.
     */
    @org.junit.jupiter.api.Test
    void enlargingTheWindowByUpdateReopensNoOldNumber() {
        Family f = Family.AES_GCM;
        try (Lab small = new Lab(List.of(f), 1)) {
            List<byte[]> flow = new ArrayList<>();
            PacketBuffer b = Packets.buffer();
            for (int i = 0; i < 100; i++) {
                flow.add(small.protect(Lab.plaintext(f, 20_000 + i, 64)));
                assertEquals(Verdict.OK, small.receive(flow.get(i), b), "packet " + i);
            }
            assertEquals(Verdict.REPLAY, small.receive(flow.get(9), b), "packet 10 before the update");
            small.receiver.setkey(f.saStatement(32).replaceFirst("^add", "update"));
            assertEquals(256, small.receiverSa(f).sa().replayWindowPackets());
            int accepted = 0;
            for (int i = 0; i < 100; i++) {
                if (small.receive(flow.get(i), b) == Verdict.OK) {
                    accepted++;
                }
            }
            assertEquals(0, accepted, "packets received before the update accepted again after it");
        }
    }

    /** The payload delivered: the sender numbered every packet's payload. */
    private static String key(PacketBuffer b) {
        byte[] p = b.toByteArray();
        return new String(ForgeryAttackTest.payload(p), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
