package org.ipsec4j.sad.persist;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The persisted part of one live SA's outbound sequence counter: numbers up to {@link #end()} are on disk as possibly
 * used, so the counter may hand them out; the next one beyond needs {@link #extend(long)} first, which writes a new end
 * (one block further) and waits for the disk. When the counter reaches {@link #renewAt()}, half a block before the end,
 * {@link #renewAhead()} asks the store's writer thread to write the next block in the background, so a steady sender
 * normally never waits. The SAD's record calls these methods on its data path: none allocates.
 */
public final class SequenceLease {
    private static final VarHandle PENDING;

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(SequenceLease.class, "pending", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final SequenceStore store;
    final SequenceHistory history;
    private final long resumeAfter;
    private final long inboundEdge;
    /** The replay edge whose commit asks for the edge to be written in the background. */
    volatile long inboundMark = Long.MAX_VALUE;
    /** Highest counter value that may be handed out; written by the store after the disk has it. */
    volatile long end;
    /** The counter value at which the next block is reserved in the background; -1: none. */
    volatile long renewAt = -1;
    /** Whether the SA may send nothing (its state is unknown); guarded by the store's lock. */
    boolean refused;
    /** Why it is refused, for the log. */
    String refusal;
    volatile SequenceCounter counter;
    private volatile int pending;
    /** The end and the replay edge a renewal in progress writes; guarded by the store's lock. */
    long stagedEnd;
    long stagedEdge;
    /** Next lease of the store's list of pending renewals. */
    SequenceLease nextPending;

    SequenceLease(SequenceStore store, SequenceHistory history, long resumeAfter, long inboundEdge, String refusal) {
        this.store = store;
        this.history = history;
        this.resumeAfter = resumeAfter;
        this.inboundEdge = inboundEdge;
        this.end = resumeAfter;
        this.refused = refusal != null;
        this.refusal = refusal;
    }

    /** The counter value the SA starts after: the highest value a previous run may have used with these keys, or 0. */
    public long resumeAfter() {
        return resumeAfter;
    }

    /**
     * The highest number the SA's replay window committed before the restart, as far as the file knows (at most one
     * block less than it was, exact after a clean stop), or 0: the window starts there, treating it and every number
     * before it as seen.
     */
    public long inboundEdge() {
        return inboundEdge;
    }

    /** Connects the lease to the SA's counter; called once, before the first number is handed out. */
    public void bind(SequenceCounter counter) {
        this.counter = counter;
        if (!refused) {
            inboundMark = inboundEdge + 1; // the first packet of this run writes the edge, then every interval
        }
    }

    /** The replay edge at which {@link #persistInbound()} should be called. */
    public long inboundMark() {
        return inboundMark;
    }

    /** The highest counter value that may be handed out without writing. */
    public long end() {
        return end;
    }

    /** The counter value whose hand-out should call {@link #renewAhead()}; -1 when none. */
    public long renewAt() {
        return renewAt;
    }

    /**
     * Makes {@code next} usable: writes and forces a new end unless another thread already did. Returns false when it
     * cannot be (the SA is refused, dead, past its sequence space, the store is closed, or the disk failed): then the
     * SA must not send.
     */
    public boolean extend(long next) {
        return store.extend(this, next);
    }

    /**
     * Asks the store to write the replay window's edge in the background (at most once until it did); the receiver never
     * waits for it.
     */
    public void persistInbound() {
        renewAhead();
    }

    /** Asks the store to reserve the next block in the background (at most once until it did). */
    public void renewAhead() {
        if (PENDING.compareAndSet(this, 0, 1)) {
            store.enqueue(this);
        }
    }

    /** Clears the pending mark before the writer looks at this lease. */
    void renewalTaken() {
        pending = 0;
    }

    /** Whether the SA's outbound direction is refused because its sequence state is unknown. */
    public boolean refused() {
        synchronized (store.lock) {
            return refused;
        }
    }
}
