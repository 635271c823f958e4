package org.ipsec4j.sad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A window restored to an edge known from before a restart: everything up to it is a replay, everything after new. */
class ReplayWindowRestoreTest {
    @Test
    void everyNumberUpToTheEdgeIsSeenAndEveryNumberAfterItIsNew() {
        for (int size : new int[] {32, 64, 1024}) {
            for (long edge : new long[] {1, 62, 63, 64, 100, 127, 128, 5000, 0xFFFF_FF00L}) {
                ReplayWindow w = new ReplayWindow(size, false);
                w.restore(edge);
                assertEquals(edge, w.highest());
                for (long s = Math.max(1, edge - size - 130); s <= edge; s++) {
                    assertEquals(-1, w.check((int) s), "size " + size + ", edge " + edge + ": " + s + " is a replay");
                    assertTrue(!w.commit(s), "commit of " + s);
                }
                // out of order beyond the edge: a later number first, then the ones between it and the edge
                long later = edge + 90;
                assertEquals(later, w.check((int) later));
                assertTrue(w.commit(later));
                for (long s = Math.max(edge + 1, later - size + 1); s < later; s++) {
                    assertEquals(s, w.check((int) s), "size " + size + ", edge " + edge + ": " + s + " is new");
                    assertTrue(w.commit(s), "commit of " + s);
                }
            }
        }
    }

    @Test
    void esnEdgesKeepTheirHighHalfAndAWindowPastTheEdgeIsLeftAlone() {
        ReplayWindow esn = new ReplayWindow(64, true);
        esn.restore(0x1_0000_0005L);
        assertEquals(-1, esn.check(5));
        assertEquals(0x1_0000_0006L, esn.check(6));

        ReplayWindow plain = new ReplayWindow(64, false);
        plain.restore(0x1_0000_0005L); // not a number of a window without ESN
        assertEquals(0, plain.highest());
        assertTrue(plain.commit(plain.check(200)));
        plain.restore(150);
        assertEquals(200, plain.highest());
        assertEquals(190, plain.check(190));
    }
}
