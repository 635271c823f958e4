package org.ipsec4j.sad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Numbered vectors for the replay window, in the manner of wireguard-go's {@code replay_test.go}: each step offers a
 * sequence number (check, then commit if the check passed) and says whether the packet must be accepted.
 */
class ReplayWindowTest {
    private record Step(long seq, boolean accept) {
    }

    private static Step ok(long seq) {
        return new Step(seq, true);
    }

    private static Step no(long seq) {
        return new Step(seq, false);
    }

    /** Bits in the ring for a window of {@code w} packets: the next power of two of ceil(w / 64) + 1 words. */
    private static long ringBits(int w) {
        return Integer.highestOneBit(((w + 63) / 64 + 1) * 2 - 1) * 64L;
    }

    /** The vectors for a window of {@code w} packets (w >= 32). */
    private static List<Step> vectors(int w) {
        long r = ringBits(w);
        return List.of(
                /* 1 */ no(0), // zero is never a valid sequence number
                /* 2 */ ok(1),
                /* 3 */ no(1),
                /* 4 */ ok(9),
                /* 5 */ ok(8),
                /* 6 */ ok(7),
                /* 7 */ no(7),
                /* 8 */ ok(w + 1), // top = w+1: the window is 2 .. w+1
                /* 9 */ no(1), // left edge: top - 1 = w
                /* 10 */ ok(2), // rightmost of the left edge, never seen
                /* 11 */ no(2),
                /* 12 */ ok(w),
                /* 13 */ no(w),
                /* 14 */ no(w + 1),
                /* 15 */ ok(w + 17), // slide by 16
                /* 16 */ no(17), // exactly w below top: out
                /* 17 */ ok(18), // w - 1 below top: in
                /* 18 */ no(18),
                /* 19 */ no(9), // seen and out of the window
                /* 20 */ ok(4L * w), // jump
                /* 21 */ ok(3L * w + 1), // w - 1 below the new top
                /* 22 */ no(3L * w), // w below: out
                /* 23 */ no(w + 17),
                /* 24 */ ok(4L * w - 1),
                /* 25 */ ok(4L * w + r), // a jump of exactly the ring: every word is reused
                /* 26 */ ok(4L * w + r - 1), // shares its bit with 4w-1 (vector 25): the word was cleared
                /* 27 */ ok(3L * w + 1 + r), // shares its bit with vector 22, w - 1 below top
                /* 28 */ no(3L * w + 1 + r),
                /* 29 */ no(4L * w), // far left
                /* 30 */ ok(4L * w + r + 64), // next word
                /* 31 */ ok(4L * w + r + 1), // w - 63 below top, if w >= 64; below for w = 32
                /* 32 */ ok(0xFFFF_FFFFL), // the last number of a 32-bit space
                /* 33 */ no(0xFFFF_FFFFL),
                /* 34 */ ok(0xFFFF_FFFFL - w + 1), // left edge, inside
                /* 35 */ no(0xFFFF_FFFFL - w));
    }

    @ParameterizedTest(name = "window {0}")
    @ValueSource(ints = {32, 64, 1024, 4096})
    void numberedVectors(int w) {
        ReplayWindow win = new ReplayWindow(w, false);
        List<Step> steps = new ArrayList<>(vectors(w));
        if (w == 32) {
            // 4w + r + 1 is 63 below the top, out of a 32-packet window.
            steps.set(30, no(4L * w + ringBits(w) + 1));
        }
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            long checked = win.check((int) s.seq());
            boolean accepted = checked != -1 && win.commit(checked);
            assertEquals(s.accept(), accepted, "vector " + (i + 1) + " (seq " + s.seq() + ", window " + w + ")");
            if (accepted) {
                assertEquals(s.seq(), checked, "vector " + (i + 1) + ": full sequence number");
            }
        }
        assertEquals(0xFFFF_FFFFL, win.highest());
    }

    @ParameterizedTest(name = "window {0}")
    @ValueSource(ints = {32, 64, 1024, 4096, 32768})
    void inOrderTrafficWrapsTheRingManyTimes(int w) {
        ReplayWindow win = new ReplayWindow(w, false);
        long n = ringBits(w) * 5 + 7;
        for (long s = 1; s <= n; s++) {
            long c = win.check((int) s);
            assertEquals(s, c);
            assertTrue(win.commit(c));
        }
        // Every number inside the window is now a replay, everything left of it too.
        for (long s = n; s > n - w; s--) {
            assertEquals(-1, win.check((int) s), "replay of " + s);
            assertFalse(win.commit(s));
        }
        assertEquals(-1, win.check((int) (n - w)));
        assertEquals(n + 1, win.check((int) (n + 1)));
    }

    @ParameterizedTest(name = "window {0}")
    @ValueSource(ints = {32, 64, 1024, 4096})
    void reorderedTrafficWithinTheWindowIsAcceptedOnce(int w) {
        ReplayWindow win = new ReplayWindow(w, false);
        long base = 1000;
        // Send top first, then everything below it that still fits, in reverse: all accepted exactly once.
        assertTrue(win.commit(win.check((int) (base + w - 1))));
        for (long s = base + w - 2; s >= base; s--) {
            long c = win.check((int) s);
            assertEquals(s, c, "seq " + s);
            assertTrue(win.commit(c));
            assertFalse(win.commit(c));
        }
        assertEquals(-1, win.check((int) (base - 1)), "just left of the window");
    }

    @Test
    void commitRefusesALaterLoserOfTheRace() {
        ReplayWindow win = new ReplayWindow(64, false);
        long a = win.check(5);
        long b = win.check(5);
        assertEquals(5, a);
        assertEquals(5, b);
        assertTrue(win.commit(a));
        assertFalse(win.commit(b));
    }

    @Test
    void checkAloneChangesNothing() {
        ReplayWindow win = new ReplayWindow(64, false);
        assertEquals(100, win.check(100));
        assertEquals(0, win.highest());
        assertEquals(1, win.check(1));
    }

    @Test
    void disabledWindowPassesEverythingAndTracksTheHighest() {
        ReplayWindow win = new ReplayWindow(0, false);
        for (long s : new long[] {0, 1, 1, 7, 3, 0xFFFF_FFFFL, 2}) {
            assertEquals(s, win.check((int) s));
            assertTrue(win.commit(s));
        }
        assertEquals(0xFFFF_FFFFL, win.highest());
    }

    @Test
    void sizesOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(-8, false));
        assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(ReplayWindow.MAX_PACKETS + 8, false));
    }

    @Test
    void withoutEsnNumbersBeyond32BitsAreNotCommitted() {
        ReplayWindow win = new ReplayWindow(64, false);
        assertFalse(win.commit(0x1_0000_0001L));
        assertEquals(0, win.highest());
    }

    /** ESN vectors: {wire, expected full number or -1, commit?}. Window 64. */
    @Test
    void esnInfersTheHighHalfAcrossEpochs() {
        ReplayWindow win = new ReplayWindow(64, true);
        long[][] steps = {
                /* 1 */ {0xFFFF_FFF0L, -1, 0}, // case B at the start: would be epoch -1
                /* 2 */ {0, -1, 0}, // full number 0
                /* 3 */ {5, 5, 1},
                /* 4 */ {5, -1, 0},
                /* 5 */ {0x7FFF_FFFFL, 0x7FFF_FFFFL, 1}, // case B, below the bottom: this epoch
                /* 6 */ {0xFFFF_FFF0L, 0xFFFF_FFF0L, 1}, // case A, above the bottom: same epoch
                /* 7 */ {0xFFFF_FFF5L, 0xFFFF_FFF5L, 0}, // checked only
                /* 8 */ {2, 0x1_0000_0002L, 1}, // case A: below the bottom, so the next epoch
                /* 9 */ {0xFFFF_FFF5L, 0xFFFF_FFF5L, 1}, // case B: the previous epoch, inside the window
                /* 10 */ {0xFFFF_FFF0L, -1, 0}, // seen in the previous epoch
                /* 11 */ {0xFFFF_FFC3L, 0xFFFF_FFC3L, 1}, // bottom of the window, exactly
                /* 12 */ {0xFFFF_FFC2L, 0x1_FFFF_FFC2L, 0}, // below the bottom: taken for the future epoch
                /* 13 */ {0, 0x1_0000_0000L, 1}, // 0 on the wire is fine in epoch 1
                /* 14 */ {0, -1, 0},
                /* 15 */ {1, 0x1_0000_0001L, 1},
                /* 16 */ {0x8000_0000L, 0x1_8000_0000L, 1}, // half way through epoch 1: case A from now on
                /* 17 */ {3, 0x2_0000_0003L, 0}, // below the bottom: epoch 2
                /* 18 */ {0x7FFF_FFC1L, 0x1_7FFF_FFC1L, 1}, // w - 1 below top
                /* 19 */ {0x7FFF_FFC0L, 0x2_7FFF_FFC0L, 0}, // w below top: read as epoch 2
        };
        for (int i = 0; i < steps.length; i++) {
            long[] s = steps[i];
            long c = win.check((int) s[0]);
            assertEquals(s[1], c, "ESN vector " + (i + 1));
            if (s[2] == 1) {
                assertTrue(win.commit(c), "ESN vector " + (i + 1) + " commit");
            }
        }
        assertEquals(0x1_8000_0000L, win.highest());
    }

    @Test
    void esnWithAntiReplayOffStillInfersTheHighHalf() {
        ReplayWindow win = new ReplayWindow(0, true);
        // Serial-number arithmetic: a step of 2^31 or more is read as going backwards.
        assertEquals(-1, win.check(0xFFFF_FFFE), "more than half the space ahead of 0: epoch -1");
        assertTrue(win.commit(win.check(0x4000_0000)));
        assertTrue(win.commit(win.check(0x8000_0000)));
        assertTrue(win.commit(win.check(0xFFFF_FFFE)));
        assertEquals(0x1_0000_0003L, win.check(3));
        assertTrue(win.commit(0x1_0000_0003L));
        assertEquals(0xFFFF_FFF0L, win.check(0xFFFF_FFF0), "behind, but within half the space");
        assertEquals(0x1_0000_0003L, win.check(3), "a repeat passes: anti-replay is off");
    }

    @Test
    void resizeKeepsTopAndTheNumbersSeenInBothWindows() {
        ReplayWindow small = new ReplayWindow(64, false);
        for (long s : new long[] {100, 90, 40}) {
            assertTrue(small.commit(s));
        }
        ReplayWindow big = small.resized(1024, false);
        assertEquals(100, big.highest());
        assertEquals(-1, big.check(90));
        assertEquals(-1, big.check(40));
        assertEquals(-1, big.check(30), "left of the old window (refused there) stays refused in the new one");
        assertEquals(-1, big.check(1), "as does everything older");
        assertEquals(95, big.check(95));
        assertFalse(small.commit(101), "the old window is retired");
        ReplayWindow tiny = big.resized(32, false);
        assertEquals(-1, tiny.check(90));
        assertEquals(-1, tiny.check(60));
    }

    @Test
    void concurrentReceiversAcceptEveryNumberAtMostOnce() throws InterruptedException {
        ReplayWindow win = new ReplayWindow(4096, false);
        int n = 200_000;
        AtomicIntegerArray accepted = new AtomicIntegerArray(n + 1);
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            ts[t] = new Thread(() -> {
                for (int s = 1; s <= n; s++) { // every thread sees every packet: three copies are replays
                    long c = win.check(s);
                    if (c != -1 && win.commit(c)) {
                        accepted.incrementAndGet((int) c);
                    }
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        int total = 0;
        for (int s = 1; s <= n; s++) {
            int a = accepted.get(s);
            assertTrue(a <= 1, "seq " + s + " accepted " + a + " times");
            total += a;
        }
        assertTrue(total > 0);
        assertEquals(n, win.highest());
    }
}
