package org.ipsec4j.ah;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Small, dense numbers for the threads that run the data path, so that per-SA state can keep one entry per thread in
 * an array. A number is taken by an owner object that lives exactly as long as its thread's thread-local state; when
 * the thread ends and the owner is collected, the number is handed to the next thread that asks, so the numbers stay
 * as few as the threads alive at once. The next owner of a number inherits the previous one's per-SA entries, which
 * is safe: the previous thread is gone.
 */
final class ThreadSlots {
    private final ReferenceQueue<Object> released = new ReferenceQueue<>();
    private final Set<Slot> live = new HashSet<>();
    private final BitSet taken = new BitSet();

    /** The lowest free number, now owned by {@code owner}. */
    synchronized int acquire(Object owner) {
        for (Object r; (r = released.poll()) != null; ) {
            Slot s = (Slot) r;
            live.remove(s);
            taken.clear(s.number);
        }
        int n = taken.nextClearBit(0);
        taken.set(n);
        live.add(new Slot(owner, n, released));
        return n;
    }

    /** How many numbers are taken (for tests). */
    synchronized int taken() {
        return taken.cardinality();
    }

    private static final class Slot extends WeakReference<Object> {
        final int number;

        Slot(Object owner, int number, ReferenceQueue<Object> queue) {
            super(owner, queue);
            this.number = number;
        }
    }
}
