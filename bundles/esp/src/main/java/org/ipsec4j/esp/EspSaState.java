package org.ipsec4j.esp;

/**
 * ESP's state of one SA, kept in {@link org.ipsec4j.api.sa.SaEntry#attachment()}: one {@link EspBinding} per thread
 * slot ({@link ThreadSlots}), so that each thread uses its own algorithm contexts without locking. A thread reads and
 * writes only its own slot; writes and the rare growth of the array happen under this object's lock, so a growing
 * copy never loses another thread's entry. At most as many bindings as threads that used the SA. Closing it closes
 * every binding: a thread still inside a packet then gets {@link IllegalStateException} from its context, which
 * {@link EspTransform} turns into {@link org.ipsec4j.api.transform.Verdict#BAD_STATE} for that packet.
 */
final class EspSaState implements AutoCloseable {
    /**
     * Set when the SA's sequence number cycled (the SAD handed out 0: {@code -r 0} and cyclic sequence numbers, without
     * ESN) under a counter-mode algorithm, whose IV is the sequence number and must not repeat: the SA sends no more.
     */
    volatile boolean counterIvSpent;
    private volatile EspBinding[] bySlot = new EspBinding[4];
    /**
     * The state of the thread that used this SA last: the SA's thread finds its own state here without a
     * {@link ThreadLocal} lookup (an SA is mostly used by one port's thread). A plain field, read and written by every
     * thread without ordering: a thread uses what it reads only if {@link EspThreadState#owner} (final) is itself.
     * The state of a thread that ended stays reachable from here (its slot taken) until another thread uses the SA
     * or the SA goes: at most one per SA.
     */
    EspThreadState recent;
    private boolean closed;

    /** The binding of thread slot {@code slot}, or null. */
    EspBinding get(int slot) {
        EspBinding[] a = bySlot;
        return slot < a.length ? a[slot] : null;
    }

    /** Sets the binding of {@code slot}, closing the one it replaces. After {@link #closeAll()} closes it at once. */
    synchronized void put(int slot, EspBinding binding) {
        if (closed) {
            binding.close();
            return;
        }
        EspBinding[] a = bySlot;
        if (slot >= a.length) {
            EspBinding[] grown = new EspBinding[Math.max(slot + 1, a.length * 2)];
            System.arraycopy(a, 0, grown, 0, a.length);
            a = grown;
            bySlot = grown;
        }
        EspBinding old = a[slot];
        a[slot] = binding;
        if (old != null && old != binding) {
            old.close();
        }
    }

    /** Closes every binding, zeroing the keys they hold: the SA is dead. */
    synchronized void closeAll() {
        closed = true;
        EspBinding[] a = bySlot;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != null) {
                a[i].close();
                a[i] = null;
            }
        }
    }

    /** {@link #closeAll()}: for an SAD that closes the attachments it drops (on update and death). */
    @Override
    public void close() {
        closeAll();
    }

    /** How many slots hold a binding (for tests). */
    synchronized int bound() {
        int n = 0;
        for (EspBinding b : bySlot) {
            if (b != null) n++;
        }
        return n;
    }
}
