package org.ipsec4j.sad;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.StandardAlgorithms;
import org.ipsec4j.api.sa.SaCounters;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaState;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.sad.persist.SequenceCounter;
import org.ipsec4j.sad.persist.SequenceLease;

/**
 * One live SA of an {@link SaTable}: its configuration and the state the data path changes. Instances are made by
 * {@link SaTable#add}; the table owns them.
 *
 * <p>Threading. The data-path methods take no lock and allocate nothing: counters, state, the outbound sequence
 * number and the attachment are fields updated through {@link VarHandle}s; drops are a {@code long[]} indexed by
 * {@link Verdict#ordinal()}. {@link #replayCommit(long)} takes the replay window's monitor (the SA's replay lock).
 * {@link #sa()} and the replay window are replaced by {@link SaTable#update} under the table's writer lock.
 *
 * <p>Outbound sequence numbers ({@link #nextSequence()}): 1, 2, ... from an atomic counter. Without ESN the space is
 * 1 .. 2<sup>32</sup>-1, with ESN 1 .. 2<sup>63</sup>-1. When it is used up the SA <em>cycles</em> only if it allows
 * cyclic sequence numbers (setkey's default, cleared by {@code -f nocyclic-seq}) <em>and</em> anti-replay is disabled
 * ({@code -r 0}), which is what RFC 4303 section 3.3.3 permits: the counter rolls over to 0 and goes on (the wire
 * carries 0, 1, 2, ...). An SA whose cipher takes the sequence number as its IV (counter modes and combined modes:
 * AES-CTR, AES-GCM, AES-GMAC, ChaCha20-Poly1305) never cycles, since a wrap would repeat an IV under its key. Otherwise {@code nextSequence()} returns -1 from then on, and the transform drops the packet
 * with {@link Verdict#SEQUENCE_OVERFLOW}; a new SA is needed.
 *
 * <p>With a {@link SequenceLease} (the table persists sequence numbers), the counter starts after the number the lease
 * resumes from, and a number is handed out only when the lease covers it: at a block's boundary the sender waits for
 * the disk ({@link SequenceLease#extend}) unless the next block was reserved in the background, which the hand-out of
 * {@link SequenceLease#renewAt()} asks for. A lease that cannot be extended (refused SA, failed disk) makes
 * {@code nextSequence()} return -1, as a used-up space does. The replay window starts at the edge the lease knows from
 * before the restart ({@link ReplayWindow#restore}), and a commit that reaches {@link SequenceLease#inboundMark()} asks
 * for the edge to be written in the background (the receiver never waits).
 *
 * <p>The attachment is the transform's: {@link SaTable#update} and the SA's death clear it, so that contexts are bound
 * again to the new keys. A transform that binds lazily should keep, inside its attachment, the
 * {@link SecurityAssociation} it bound to and rebind when {@link #sa()} is no longer that instance: a packet that read
 * the old configuration just before an update may still install an attachment built from it.
 *
 * <p>Byte lifetimes are charged by {@link #recordInput(int)} and {@link #recordOutput(int)}: crossing the soft limit
 * makes the SA dying (once), crossing the hard limit removes it from its table.
 */
public final class SaRecord implements SaEntry {
    private static final long LOW32 = 0xFFFF_FFFFL;
    private static final VarHandle STATE;
    private static final VarHandle PACKETS;
    private static final VarHandle BYTES;
    private static final VarHandle FIRST_USE;
    private static final VarHandle LAST_USE;
    private static final VarHandle OUT_SEQ;
    private static final VarHandle ATTACHMENT;
    private static final VarHandle DROPS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final Verdict[] VERDICTS = Verdict.values();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(SaRecord.class, "state", SaState.class);
            PACKETS = l.findVarHandle(SaRecord.class, "packets", long.class);
            BYTES = l.findVarHandle(SaRecord.class, "bytes", long.class);
            FIRST_USE = l.findVarHandle(SaRecord.class, "firstUse", long.class);
            LAST_USE = l.findVarHandle(SaRecord.class, "lastUse", long.class);
            OUT_SEQ = l.findVarHandle(SaRecord.class, "outSeq", long.class);
            ATTACHMENT = l.findVarHandle(SaRecord.class, "attachment", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What the record tells its table when a byte lifetime runs out. */
    interface LifetimeListener {
        void softExpired(SaRecord record, String cause);

        void hardExpired(SaRecord record, String cause);
    }

    private final long createdMillis;
    private final long sadbSeq;
    /** The time of packets' use (see {@link TickingClock}). */
    private final Clock useClock;
    private final LifetimeListener listener;
    private final long[] drops = new long[VERDICTS.length];

    private volatile SecurityAssociation sa;
    private volatile ReplayWindow replay;
    private volatile long softBytes;
    private volatile long hardBytes;
    /** The highest sequence number the outbound counter may reach without cycling. */
    private volatile long sequenceLimit;
    private volatile boolean mayCycle;

    private volatile SaState state = SaState.MATURE;
    private volatile long packets;
    private volatile long bytes;
    private volatile long firstUse;
    private volatile long lastUse;
    private volatile long outSeq;
    private volatile Object attachment;
    /** The persisted lease of the outbound counter, or null when sequence numbers are not persisted. */
    private final SequenceLease lease;

    SaRecord(SecurityAssociation sa, long createdMillis, long sadbSeq, Clock useClock, LifetimeListener listener) {
        this(sa, createdMillis, sadbSeq, useClock, listener, null);
    }

    SaRecord(SecurityAssociation sa, long createdMillis, long sadbSeq, Clock useClock, LifetimeListener listener,
            SequenceLease lease) {
        this.createdMillis = createdMillis;
        this.sadbSeq = sadbSeq;
        this.useClock = useClock;
        this.listener = listener;
        this.replay = new ReplayWindow(sa.replayWindowPackets(), sa.extendedSequence());
        this.lease = lease;
        configure(sa);
        if (lease != null) {
            outSeq = lease.resumeAfter();
            if (lease.inboundEdge() > 0) {
                replay.restore(lease.inboundEdge());
            }
            lease.bind(new Counter());
        }
    }

    /** The outbound counter as the lease sees it. */
    private final class Counter implements SequenceCounter {
        @Override
        public long sequenceCounter() {
            return outSeq;
        }

        @Override
        public long sequenceCeiling() {
            return mayCycle ? Long.MAX_VALUE : sequenceLimit;
        }

        @Override
        public boolean sequenceDead() {
            return state == SaState.DEAD;
        }

        @Override
        public long sealSequence() {
            // the lease's end is below every number already; changing the value fails the CAS of a sender between its
            // checks, which then finds the lease closed
            return (long) OUT_SEQ.getAndAdd(SaRecord.this, 1L);
        }

        @Override
        public long replayEdge() {
            return replay.highest();
        }

        @Override
        public void raiseSequence(long value) {
            long current;
            while ((current = outSeq) < value && !OUT_SEQ.compareAndSet(SaRecord.this, current, value)) {
                Thread.onSpinWait();
            }
        }
    }

    /** The lease of the outbound counter, or null. */
    SequenceLease lease() {
        return lease;
    }

    /** Installs a configuration; the caller holds the table's writer lock. */
    void configure(SecurityAssociation config) {
        ReplayWindow w = replay;
        if (w.size() != config.replayWindowPackets() || w.extendedSequence() != config.extendedSequence()) {
            replay = w.resized(config.replayWindowPackets(), config.extendedSequence());
        }
        softBytes = config.softLifetime().bytes();
        hardBytes = config.hardLifetime().bytes();
        sequenceLimit = config.extendedSequence() ? Long.MAX_VALUE : LOW32;
        mayCycle = config.cyclicSequence() && config.replayWindowBytes() == 0 && !sequenceIsIv(config);
        this.sa = config;
    }

    /** Whether the SA's cipher uses the sequence number as its IV (a block size of 1, or a combined mode). */
    private static boolean sequenceIsIv(SecurityAssociation config) {
        return config.encryption()
                .flatMap(k -> StandardAlgorithms.find(AlgorithmKind.ENCRYPTION, k.name())
                        .or(() -> StandardAlgorithms.find(AlgorithmKind.AEAD, k.name())))
                .map(d -> d.kind() == AlgorithmKind.AEAD || d.blockSize() == 1)
                .orElse(false);
    }

    @Override
    public SecurityAssociation sa() {
        return sa;
    }

    @Override
    public SaState state() {
        return state;
    }

    /** Changes the state from {@code expected} to {@code update}; false if it was not {@code expected}. */
    boolean changeState(SaState expected, SaState update) {
        return STATE.compareAndSet(this, expected, update);
    }

    /** Makes a live SA (one still in its table) mature again, after an update. */
    void mature() {
        state = SaState.MATURE;
    }

    /** Marks the SA dead, whatever its state was; false if it was dead already. */
    boolean kill() {
        return (SaState) STATE.getAndSet(this, SaState.DEAD) != SaState.DEAD;
    }

    @Override
    public long createdMillis() {
        return createdMillis;
    }

    @Override
    public long sadbSeq() {
        return sadbSeq;
    }

    /** The replay window now in force (replaced when an update changes its size). */
    public ReplayWindow replayWindow() {
        return replay;
    }

    @Override
    public SaCounters counters() {
        Map<Verdict, Long> d = new EnumMap<>(Verdict.class);
        for (int i = 0; i < drops.length; i++) {
            long v = (long) DROPS.getOpaque(drops, i);
            if (v != 0) {
                d.put(VERDICTS[i], v);
            }
        }
        long out = outSeq;
        long sequence = out != 0 ? wireValue(out) : replay.highest();
        return new SaCounters(packets, bytes, sequence, firstUse, lastUse, d);
    }

    @Override
    public long nextSequence() {
        SequenceLease l = lease;
        while (true) {
            if (state == SaState.DEAD) {
                return -1;
            }
            long current = outSeq;
            if (current >= sequenceLimit && !mayCycle) {
                return -1;
            }
            long next = current + 1;
            if (l != null && next > l.end()) {
                if (!l.extend(next)) {
                    return -1;
                }
                continue;
            }
            if (OUT_SEQ.compareAndSet(this, current, next)) {
                if (l != null && next == l.renewAt()) {
                    l.renewAhead();
                }
                return wireValue(next);
            }
        }
    }

    /** The counter as a sequence number: without ESN a cycling counter wraps to 0 every 2^32. */
    private long wireValue(long counter) {
        return sequenceLimit == LOW32 ? counter & LOW32 : counter & Long.MAX_VALUE;
    }

    /** Sets the outbound counter, as if {@code last} packets had been sent (tests, and restoring state). */
    void presetSequence(long last) {
        outSeq = last;
    }

    @Override
    public long replayCheck(int wireSequence) {
        return replay.check(wireSequence);
    }

    @Override
    public boolean replayCommit(long sequence) {
        if (!replay.commit(sequence)) {
            return false;
        }
        SequenceLease l = lease;
        if (l != null && sequence >= l.inboundMark()) {
            l.persistInbound();
        }
        return true;
    }

    @Override
    public void recordOutput(int length) {
        charge(length);
    }

    @Override
    public void recordInput(int length) {
        charge(length);
    }

    private void charge(int length) {
        long n = Math.max(0, length);
        long total = (long) BYTES.getAndAdd(this, n) + n;
        PACKETS.getAndAdd(this, 1L);
        // a ticking use clock may lag the creation time by a tick
        long now = Math.max(useClock.millis(), createdMillis);
        if (firstUse == 0) {
            FIRST_USE.compareAndSet(this, 0L, now);
        }
        LAST_USE.setOpaque(this, now);
        long hard = hardBytes;
        if (hard != 0 && total >= hard) {
            if (state != SaState.DEAD) {
                listener.hardExpired(this, "bytes");
            }
            return;
        }
        long soft = softBytes;
        if (soft != 0 && total >= soft && state == SaState.MATURE) {
            listener.softExpired(this, "bytes");
        }
    }

    /** Bytes charged so far. */
    long bytesCharged() {
        return bytes;
    }

    @Override
    public void recordDrop(Verdict reason) {
        DROPS.getAndAdd(drops, reason.ordinal(), 1L);
    }

    @Override
    public Object attachment() {
        return attachment;
    }

    @Override
    public boolean compareAndSetAttachment(Object expected, Object update) {
        return ATTACHMENT.compareAndSet(this, expected, update);
    }

    /**
     * Drops the transform's per-SA state, so that it is bound again (after an update) or released (on death). An
     * attachment that is {@link AutoCloseable} is closed, which zeroes the key material its contexts hold; a packet
     * of another thread still using it at that moment fails and is counted by its transform.
     */
    void clearAttachment() {
        Object old = ATTACHMENT.getAndSet(this, (Object) null);
        if (old instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // a transform's cleanup must not stop the SAD; nothing to report beyond the transform's own counters
            }
        }
    }

    @Override
    public String toString() {
        return "SaRecord[" + sa + ", state=" + state.setkeyName() + ", seq=" + sadbSeq + "]";
    }
}
