package org.ipsec4j.sad.persist;

import java.util.concurrent.atomic.AtomicLong;

/** An outbound counter as the SAD's record keeps it, for lease tests without a table. */
final class FakeCounter implements SequenceCounter {
    final AtomicLong value = new AtomicLong();
    final SequenceLease lease;
    long ceiling = 0xFFFF_FFFFL;
    volatile boolean dead;

    FakeCounter(SequenceLease lease) {
        this.lease = lease;
        value.set(lease.resumeAfter());
        lease.bind(this);
    }

    /** What the SAD's record does per packet: the next number if the lease covers it, else -1. */
    long next() {
        while (true) {
            long current = value.get();
            long next = current + 1;
            if (dead || current >= ceiling) {
                return -1;
            }
            if (next > lease.end()) {
                if (!lease.extend(next)) {
                    return -1;
                }
                continue;
            }
            if (value.compareAndSet(current, next)) {
                if (next == lease.renewAt()) {
                    lease.renewAhead();
                }
                return next;
            }
        }
    }

    @Override
    public long sequenceCounter() {
        return value.get();
    }

    @Override
    public long sequenceCeiling() {
        return ceiling;
    }

    @Override
    public boolean sequenceDead() {
        return dead;
    }

    @Override
    public long sealSequence() {
        return value.getAndIncrement();
    }

    /** The replay window's highest committed number. */
    volatile long edge;

    @Override
    public long replayEdge() {
        return edge;
    }

    @Override
    public void raiseSequence(long v) {
        value.accumulateAndGet(v, Math::max);
    }
}
