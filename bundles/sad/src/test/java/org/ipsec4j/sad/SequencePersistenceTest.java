package org.ipsec4j.sad;

import static org.ipsec4j.sad.Sas.esp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.sad.persist.SequenceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outbound sequence numbers of an {@link SaTable} with a {@link SequenceStore}, across crashes and restarts. */
class SequencePersistenceTest {
    private static final int BLOCK = 64;

    @TempDir
    Path dir;
    private SaTable table;
    private SequenceStore store;

    @AfterEach
    void closeTable() {
        if (table != null) {
            table.close();
        }
    }

    /** A new process: opens the state and a table on it. */
    private SaTable start() throws IOException {
        store = SequenceStore.open(dir, BLOCK);
        table = new SaTable(Clock.systemUTC(), SadEventSink.NONE, store);
        return table;
    }

    /** The process dies: nothing more is written. */
    private void crash() {
        store.abandon();
        table = null;
    }

    /** The process stops cleanly. */
    private void stop() {
        table.close();
        table = null;
    }

    private static SecurityAssociation gcm(int keyByte) {
        return SecurityAssociation.builder(Sas.ip("192.0.2.1"), Sas.ip("192.0.2.2"), SaProtocol.ESP, 0x1000)
                .encryption(new AlgorithmKey("aes-gcm-16", Sas.filled(20, keyByte))).replayWindowBytes(4).build();
    }

    private static long send(SaEntry e, int packets) {
        long last = -1;
        for (int i = 0; i < packets; i++) {
            last = e.nextSequence();
            assertTrue(last > 0, "packet " + i + " got " + last);
        }
        return last;
    }

    @Test
    void aCrashResumesPastTheLeasedBlock() throws IOException {
        long last = send(start().add(gcm(1)), 100);
        assertEquals(100, last);
        crash();
        start();
        List<Long> known = store.knownValues(gcm(1).id());
        assertEquals(1, known.size());
        long leased = known.get(0);
        assertTrue(leased >= 100 && leased <= 100 + 2 * BLOCK, "lease end " + leased);
        long first = table.add(gcm(1)).nextSequence();
        assertEquals(leased + 1, first, "the first number after the crash follows the lease");
    }

    @Test
    void aCleanStopResumesExactly() throws IOException {
        send(start().add(gcm(1)), 100);
        stop();
        start();
        assertEquals(List.of(100L), store.knownValues(gcm(1).id()));
        SaEntry e = table.add(gcm(1));
        assertEquals(101, e.nextSequence());
        assertEquals(101, e.counters().sequence());
    }

    @Test
    void repeatedCrashesNeverRepeatANumber() throws IOException {
        long previous = 0;
        for (int run = 0; run < 5; run++) {
            SaEntry e = start().add(gcm(1));
            long first = e.nextSequence();
            assertTrue(first > previous, "run " + run + " starts at " + first + " after " + previous);
            previous = send(e, 37 * (run + 1));
            crash();
        }
    }

    @Test
    void otherKeysStartFromOneAndTheOldKeysStayKnown() throws IOException {
        send(start().add(gcm(1)), 100);
        crash();
        start();
        long oldLease = store.knownValues(gcm(1).id()).get(0);
        SaEntry e = table.add(gcm(2));
        assertEquals(1, e.nextSequence(), "new keys: a fresh counter");
        crash();
        start();
        assertEquals(List.of((long) BLOCK, oldLease), store.knownValues(gcm(1).id()));
        // setkey.conf goes back to the first keys: they resume after their own numbers
        assertEquals(oldLease + 1, table.add(gcm(1)).nextSequence());
    }

    @Test
    void anUpdateWithTheSameKeysChangesNothingAndNewKeysAreWrittenBeforeUse() throws IOException {
        SaEntry e = start().add(gcm(1));
        send(e, 10);
        table.update(gcm(1).toBuilder().reqid(7).build());
        assertEquals(List.of((long) BLOCK), store.knownValues(gcm(1).id()));
        table.update(gcm(2));
        assertEquals(List.of((long) BLOCK, 2L * BLOCK), store.knownValues(gcm(1).id()),
                "new keys take over the lease; the old ones get one block more for packets in flight");
        assertEquals(11, e.nextSequence(), "the counter goes on after an update");
        crash();
        start();
        assertTrue(table.add(gcm(2)).nextSequence() > 11);
        table.delete(gcm(2).id());
        assertEquals(2L * BLOCK + 1, table.add(gcm(1)).nextSequence());
    }

    @Test
    void deleteAndFlushKeepWhatTheKeysUsed() throws IOException {
        SaEntry e = start().add(gcm(1));
        long last = send(e, 100);
        table.delete(e.id());
        long afterDelete = table.add(gcm(1)).nextSequence();
        assertTrue(afterDelete > last, "re-adding the same keys after delete: " + afterDelete);
        last = send(table.require(gcm(1).id()), 50);
        table.flush();
        assertTrue(table.add(gcm(1)).nextSequence() > last, "re-adding the same keys after flush");
        table.flush();
        // a setkey.conf that starts with flush, applied at the next start, keeps resuming too
        stop();
        start();
        table.flush();
        assertTrue(table.add(gcm(1)).nextSequence() > last);
    }

    @Test
    void concurrentSendersAcrossBlocksAndACrashNeverRepeat() throws Exception {
        SaEntry e = start().add(gcm(1));
        int threads = 4;
        int each = 5_000;
        long[][] got = new long[threads][each];
        CountDownLatch go = new CountDownLatch(1);
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException ex) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    got[id][i] = e.nextSequence();
                }
            });
            ts[t].start();
        }
        go.countDown();
        for (Thread t : ts) {
            t.join();
        }
        long[] all = Arrays.stream(got).flatMapToLong(Arrays::stream).sorted().toArray();
        for (int i = 0; i < all.length; i++) {
            assertEquals(i + 1, all[i], "every number once, none skipped within a run");
        }
        crash();
        start();
        assertTrue(table.add(gcm(1)).nextSequence() > all.length);
    }

    @Test
    void aNonCyclingSaNeverLeasesBeyondItsSpace() throws IOException {
        SaRecord r = (SaRecord) start().add(gcm(1));
        r.presetSequence(0xFFFF_FFFFL - 10);
        assertEquals(0xFFFF_FFFFL - 9, r.nextSequence());
        assertEquals(List.of(0xFFFF_FFFFL), store.knownValues(r.id()), "the lease stops at 2^32-1");
        crash();
        start();
        assertEquals(-1, table.add(gcm(1)).nextSequence(), "the space is used up after the restart too");
    }

    /** Receives {@code from..to} as the ESP transform does: check, then commit after the ICV verified. */
    private static void receive(SaEntry e, long from, long to) {
        for (long s = from; s <= to; s++) {
            long full = e.replayCheck((int) s);
            assertEquals(s, full, "packet " + s);
            assertTrue(e.replayCommit(full));
        }
    }

    @Test
    void theReplayWindowsEdgeSurvivesACrashWithinOneInterval() throws Exception {
        SaEntry e = start().add(gcm(1));
        receive(e, 1, 500);
        long interval = Math.max(16, BLOCK / 16);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (store.knownInboundEdge(e.id()) < 500 - interval && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        long written = store.knownInboundEdge(e.id());
        assertTrue(written >= 500 - interval && written <= 500, "edge written in the background: " + written);
        crash();
        start();
        SaEntry again = table.add(gcm(1));
        for (long s = 1; s <= written; s++) {
            assertEquals(-1, again.replayCheck((int) s), "a packet from before the crash, " + s + ", is a replay");
        }
        receive(again, written + 1, written + 10);
    }

    @Test
    void aCleanStopKeepsTheExactEdgeAndOtherKeysStartAFreshWindow() throws IOException {
        receive(start().add(gcm(1)), 1, 100);
        stop();
        start();
        SaEntry e = table.add(gcm(1));
        assertEquals(-1, e.replayCheck(100));
        assertEquals(-1, e.replayCheck(77));
        receive(e, 101, 101);
        crash();
        start();
        receive(table.add(gcm(2)), 1, 5); // new keys: the peer starts from 1 again
    }

    @Test
    void withoutAStoreNothingChanges() {
        SaTable plain = new SaTable();
        SaEntry e = plain.add(esp("10.0.0.1", "10.0.0.2", 1).build());
        assertEquals(1, e.nextSequence());
        plain.close();
    }
}
