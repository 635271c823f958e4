package org.ipsec4j.sad;

import static org.ipsec4j.sad.Sas.esp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.junit.jupiter.api.Test;

class SequenceNumberTest {
    private final SaTable table = new SaTable();

    private SaRecord add(boolean cyclic, int replayBytes, boolean esn) {
        return (SaRecord) table.add(esp("10.0.0.1", "10.0.0.2", 1).cyclicSequence(cyclic)
                .replayWindowBytes(replayBytes).extendedSequence(esn).build());
    }

    @Test
    void startsAtOneAndCounts() {
        SaRecord r = add(true, 0, false);
        assertEquals(1, r.nextSequence());
        assertEquals(2, r.nextSequence());
        assertEquals(3, r.nextSequence());
        assertEquals(3, r.counters().sequence());
    }

    @Test
    void withAntiReplayTheSpaceEndsAt2To32Minus1() {
        SaRecord r = add(true, 4, false); // cyclic is setkey's default, but anti-replay forbids cycling
        r.presetSequence(0xFFFF_FFFEL);
        assertEquals(0xFFFF_FFFFL, r.nextSequence());
        assertEquals(-1, r.nextSequence());
        assertEquals(-1, r.nextSequence());
        assertEquals(0xFFFF_FFFFL, r.counters().sequence());
    }

    @Test
    void nocyclicSeqEndsTheSpaceEvenWithoutAntiReplay() {
        SaRecord r = add(false, 0, false);
        r.presetSequence(0xFFFF_FFFFL);
        assertEquals(-1, r.nextSequence());
    }

    @Test
    void cyclicWithoutAntiReplayRollsOverToZero() {
        SaRecord r = add(true, 0, false);
        r.presetSequence(0xFFFF_FFFEL);
        assertEquals(0xFFFF_FFFFL, r.nextSequence());
        assertEquals(0, r.nextSequence());
        assertEquals(1, r.nextSequence());
        assertEquals(1, r.counters().sequence());
    }

    @Test
    void counterModeSasNeverCycleEvenWithoutAntiReplay() {
        // the sequence number is the IV of GCM and ChaCha20-Poly1305: a wrap would repeat an IV under the same key
        for (String alg : new String[] {"aes-gcm-16", "chacha20-poly1305", "aes-ctr"}) {
            SaRecord r = (SaRecord) table.add(SecurityAssociation
                    .builder(Sas.ip("10.0.0.1"), Sas.ip("10.0.0.2"), SaProtocol.ESP,
                            alg.hashCode() & 0x7fff_ff00 | 0x100)
                    .encryption(new AlgorithmKey(alg, Sas.filled(alg.startsWith("chacha") ? 36 : 20, 7)))
                    .build());
            r.presetSequence(0xFFFF_FFFFL);
            assertEquals(-1, r.nextSequence(), alg);
            // an update does not lift it
            table.update(r.sa().toBuilder().reqid(3).build());
            assertEquals(-1, r.nextSequence(), alg);
        }
    }

    @Test
    void esnGoesBeyond32Bits() {
        SaRecord r = add(false, 8, true);
        r.presetSequence(0xFFFF_FFFFL);
        assertEquals(0x1_0000_0000L, r.nextSequence());
        assertEquals(0x1_0000_0001L, r.nextSequence());
        r.presetSequence(Long.MAX_VALUE - 1);
        assertEquals(Long.MAX_VALUE, r.nextSequence());
        assertEquals(-1, r.nextSequence());
    }

    @Test
    void deadSaGivesNoNumbers() {
        SaRecord r = add(true, 0, false);
        table.delete(r.id());
        assertEquals(-1, r.nextSequence());
    }

    @Test
    void concurrentSendersGetEveryNumberOnce() throws InterruptedException {
        SaRecord r = add(false, 4, false);
        int threads = 4;
        int each = 50_000;
        r.presetSequence(0xFFFF_FFFFL - (long) threads * each + 1000); // 1000 fewer than asked for exist
        long[][] got = new long[threads][each];
        CountDownLatch start = new CountDownLatch(1);
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    got[id][i] = r.nextSequence();
                }
            });
            ts[t].start();
        }
        start.countDown();
        for (Thread t : ts) {
            t.join();
        }
        long[] all = Arrays.stream(got).flatMapToLong(Arrays::stream).sorted().toArray();
        long exhausted = Arrays.stream(all).filter(v -> v == -1).count();
        assertEquals(1000, exhausted, "the last 1000 calls found the space used up");
        long first = 0xFFFF_FFFFL - (long) threads * each + 1001;
        for (int i = 1000; i < all.length; i++) {
            assertEquals(first + (i - 1000), all[i], "every number handed out exactly once");
        }
    }
}
