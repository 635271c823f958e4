package org.ipsec4j.ah;

import java.util.concurrent.atomic.AtomicLong;
import org.ipsec4j.api.sa.SaCounters;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaState;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;

/**
 * A live SA of the real SAD whose outbound sequence counter starts where a test wants it (the SAD only starts at 1):
 * everything else, replay window and counters included, is the SAD's.
 */
class PresetSequenceSa implements SaEntry {
    private final SaEntry sa;
    private final AtomicLong last;
    private final long inbound;
    private boolean committed;

    /** The next {@link #nextSequence()} returns {@code next}, then {@code next + 1}, ... */
    PresetSequenceSa(SaEntry sa, long next) {
        this(sa, next, 0);
    }

    /**
     * As {@link #PresetSequenceSa(SaEntry, long)}, and when {@code inbound} is not 0 the replay window is a script that
     * expects exactly one packet, numbered {@code inbound}: for 64-bit numbers beyond the SAD's 2^63 - 1.
     */
    PresetSequenceSa(SaEntry sa, long next, long inbound) {
        this.sa = sa;
        this.last = new AtomicLong(next - 1);
        this.inbound = inbound;
    }

    @Override public SecurityAssociation sa() { return sa.sa(); }
    @Override public SaState state() { return sa.state(); }
    @Override public long createdMillis() { return sa.createdMillis(); }
    @Override public long sadbSeq() { return sa.sadbSeq(); }
    @Override public SaCounters counters() { return sa.counters(); }
    @Override public long nextSequence() { return last.incrementAndGet(); }
    @Override
    public synchronized long replayCheck(int wireSequence) {
        if (inbound == 0) return sa.replayCheck(wireSequence);
        return (int) inbound == wireSequence && !committed ? inbound : -1;
    }

    @Override
    public synchronized boolean replayCommit(long sequence) {
        if (inbound == 0) return sa.replayCommit(sequence);
        if (sequence != inbound || committed) return false;
        committed = true;
        return true;
    }
    @Override public void recordOutput(int bytes) { sa.recordOutput(bytes); }
    @Override public void recordInput(int bytes) { sa.recordInput(bytes); }
    @Override public void recordDrop(Verdict reason) { sa.recordDrop(reason); }
    @Override public Object attachment() { return sa.attachment(); }
    @Override public boolean compareAndSetAttachment(Object e, Object u) { return sa.compareAndSetAttachment(e, u); }
}
