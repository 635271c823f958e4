package org.ipsec4j.sad.persist;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SadException;
import org.ipsec4j.api.sa.SecurityAssociation;

/**
 * Outbound sequence numbers that survive the process: each SA's counter is leased from a state file in blocks, so that
 * no number (hence no counter-mode IV) is used twice under the same keys across crashes and restarts.
 *
 * <p>The SAD {@link #attach}es every SA it adds. When the file knows the SA's identity (destination, protocol, SPI)
 * with the same keys (compared by {@link KeyFingerprint}), the SA's counter resumes after the highest value the file
 * holds for them: the end of the last block leased by a process that crashed, or the exact last number of one that
 * stopped cleanly ({@link #close}). Other keys start from 1. Before a number beyond the leased end is handed out, the
 * new end is written and forced ({@link SequenceLease#extend}); in steady state the next block is leased in the
 * background when half of the current one is used ({@link SequenceLease#renewAhead}), so one write per block happens
 * and the sender does not wait.
 *
 * <p>Deleting an SA does not forget what the file knows of its keys: adding the same identity with the same keys again
 * (a reload of setkey.conf that starts with {@code flush}, a restart) resumes after the numbers they used. An
 * {@code update} that changes the keys writes the new keys (the counter goes on); the old ones stay known. Up to
 * {@value SequenceHistory#MAX_KEYS} keys are known per identity, and up to {@code maxDormant} identities without a live
 * SA (the least recently used beyond are forgotten).
 *
 * <p>The safe side. An SA whose state cannot be known is <em>refused</em>: it gets no outbound number (its packets are
 * dropped as {@code seqoverflow}) until an {@code update} gives it new keys. That is every SA the file does not know
 * after the file was found damaged (see {@link SequenceLogReader}), and every SA while the state directory cannot be
 * used at all ({@link #unavailable}). A failed write refuses new numbers past the leased end until a write succeeds
 * (tried again at most once a second).
 *
 * <p>Threading. Control-plane calls and writes are serialized by {@link #lock}; the writer thread renews leases in
 * the background. The data path only reads a lease's volatile end, and calls into the store at a block's boundary.
 */
public final class SequenceStore implements AutoCloseable {
    /** Numbers leased per write, by default. */
    public static final int DEFAULT_BLOCK = 1 << 16;
    /** Identities without a live SA remembered, by default. */
    public static final int DEFAULT_MAX_DORMANT = 1 << 16;
    private static final System.Logger LOG = System.getLogger(SequenceStore.class.getName());
    private static final long RETRY_NANOS = 1_000_000_000L;

    final Object lock = new Object();
    private final Path dir;
    private final SequenceLog log;
    private final String unavailable;
    private final int block;
    private final int maxDormant;
    private final byte[] fingerprintKey;
    // Guarded by lock.
    private final LinkedHashMap<SaId, SequenceHistory> histories = new LinkedHashMap<>();
    private final List<SequenceLease> batch = new ArrayList<>();
    private final boolean damaged;
    private int dormant;
    private boolean closed;
    private boolean compactionDue;
    /** The file is rewritten once it is larger than this and eight times its last snapshot. */
    private long compactAbove = 1 << 20;
    private long retryAt;
    private boolean failing;
    private final AtomicReference<SequenceLease> pending = new AtomicReference<>();
    private final Thread writer;

    private SequenceStore(Path dir, SequenceLog log, SequenceLogReader.Loaded loaded, String unavailable, int block,
            int maxDormant) {
        if (block < 16) {
            throw new IllegalArgumentException("block must be at least 16, not " + block);
        }
        this.dir = dir;
        this.log = log;
        this.unavailable = unavailable;
        this.block = block;
        this.maxDormant = Math.max(0, maxDormant);
        this.fingerprintKey = log != null ? log.fingerprintKey() : null;
        this.damaged = loaded != null && loaded.damaged();
        if (loaded != null) {
            histories.putAll(loaded.histories());
            dormant = histories.size();
        }
        if (log != null) {
            writer = new Thread(this::runWriter, "ipsec4j-sad-sequence-writer");
            writer.setDaemon(true);
            writer.start();
        } else {
            writer = null;
        }
    }

    /**
     * Opens the state in {@code dir} (created 0700 if missing). Throws when it cannot be used: the directory or file
     * cannot be written, or another process holds it.
     *
     * @param block      numbers leased per write (at least 16)
     * @param maxDormant identities without a live SA to remember
     */
    public static SequenceStore open(Path dir, int block, int maxDormant) throws IOException {
        SequenceLog.Opened opened = SequenceLog.open(dir, System.currentTimeMillis());
        SequenceLogReader.Loaded loaded = opened.loaded();
        try {
            SequenceStore store = new SequenceStore(dir, opened.log(), loaded, null, block, maxDormant);
            if (loaded.damage() != null) {
                LOG.log(Level.ERROR, "{0}: the sequence state is damaged ({1}); kept as {2}.damaged-*; SAs it does not "
                        + "know are refused until they are given new keys (docs/SECURITY.md)",
                        dir.resolve(SequenceLog.FILE), loaded.damage(), SequenceLog.FILE);
            } else if (loaded.damaged()) {
                LOG.log(Level.WARNING, "{0}: the sequence state was found damaged earlier; SAs it does not know are "
                        + "refused until they are given new keys", dir.resolve(SequenceLog.FILE));
            }
            if (loaded.tornBytes() > 0) {
                LOG.log(Level.INFO, "{0}: skipped {1} bytes of a write the last run did not finish",
                        dir.resolve(SequenceLog.FILE), loaded.tornBytes());
            }
            return store;
        } catch (RuntimeException e) {
            opened.log().close();
            throw e;
        }
    }

    /** {@link #open(Path, int, int)} with {@link #DEFAULT_MAX_DORMANT}. */
    public static SequenceStore open(Path dir, int block) throws IOException {
        return open(dir, block, DEFAULT_MAX_DORMANT);
    }

    /** A store that refuses every SA, for a state directory that could not be opened ({@code reason}). */
    public static SequenceStore unavailable(Path dir, String reason) {
        return new SequenceStore(dir, null, null, reason, DEFAULT_BLOCK, 0);
    }

    /** Where the state lives. */
    public Path directory() {
        return dir;
    }

    /** Numbers leased per write. */
    public int block() {
        return block;
    }

    /** Whether the state was found damaged (now or by an earlier run) and unknown SAs are refused. */
    public boolean damaged() {
        return damaged;
    }

    /**
     * The lease of an SA being added: it resumes after what the file knows of the same identity and keys, starts from
     * 1 with other keys, or is refused (see the class comment). Writes nothing: the first number leases a block.
     */
    public SequenceLease attach(SecurityAssociation sa) {
        byte[] fp = fingerprintKey != null ? KeyFingerprint.of(fingerprintKey, sa) : null;
        SequenceLease lease;
        synchronized (lock) {
            if (log == null || closed) {
                String why = log == null ? "the sequence state is not available: " + unavailable
                        : "the sequence state is closed";
                lease = new SequenceLease(this, new SequenceHistory(sa.id()), 0, 0, why);
            } else {
                lease = attachLocked(sa.id(), fp);
            }
        }
        if (lease.refusal != null) {
            LOG.log(Level.WARNING, "SA {0}: outbound refused: {1}", sa.id(), lease.refusal);
        } else if (lease.resumeAfter() > 0) {
            LOG.log(Level.INFO, "SA {0}: outbound sequence numbers resume after {1} ({2})", sa.id(),
                    Long.toUnsignedString(lease.resumeAfter()),
                    lease.history.clean ? "the last run stopped there" : "the end of the last run's lease");
        }
        return lease;
    }

    private SequenceLease attachLocked(SaId id, byte[] fp) {
        SequenceHistory h = histories.remove(id);
        if (h != null && h.lease != null) {
            histories.put(id, h);
            throw new IllegalStateException("SA " + id + " is attached already");
        }
        String refusal = null;
        long resume = 0;
        long edge = 0;
        if (h == null) {
            h = new SequenceHistory(id);
            h.push(fp, 0);
            if (damaged) {
                refusal = "the sequence state was damaged and does not know this SA; give it new keys (update)";
            }
        } else {
            dormant--;
            int i = h.indexOf(fp);
            edge = i == 0 ? h.inboundEdge : 0; // the edge is that of the first keys' window
            h.inboundEdge = edge;
            if (i < 0) {
                h.push(fp, 0);
            } else {
                h.promote(i);
                resume = h.highest(0);
                if (resume == Long.MAX_VALUE) {
                    resume = 0;
                    refusal = "these keys were in use when the sequence state was damaged; give it new keys (update)";
                    edge = 0;
                }
            }
        }
        histories.put(id, h);
        SequenceLease lease = new SequenceLease(this, h, resume, edge, refusal);
        h.lease = lease;
        return lease;
    }

    /**
     * An {@code update} of the SA of {@code lease} to {@code sa}: when its keys change, the new keys are written (the
     * counter goes on) before the update takes effect, and the old ones stay known, with one block more than their lease
     * for packets still in flight under them. A refused SA given new keys is refused no more; its old keys are marked
     * as never to be used again. Throws {@link SadException} when the write fails (then nothing changed).
     */
    public void rekey(SequenceLease lease, SecurityAssociation sa) {
        if (lease == null || fingerprintKey == null) {
            return;
        }
        byte[] fp = KeyFingerprint.of(fingerprintKey, sa);
        synchronized (lock) {
            SequenceHistory h = lease.history;
            if (closed || h.lease != lease || MessageDigest.isEqual(h.fingerprint(0), fp)) {
                return;
            }
            SequenceHistory saved = h.copy();
            long end = Math.max(lease.end, 0);
            h.setHighest(0, lease.refused ? Long.MAX_VALUE : end == 0 ? 0 : saturatedAdd(end, block));
            int i = h.indexOf(fp);
            long floor = 0;
            if (i >= 0) {
                floor = h.highest(i);
                h.promote(i);
                h.setHighest(0, Math.max(floor, end));
            } else {
                h.push(fp, end);
            }
            try {
                log.stage(h, false);
                log.commit();
            } catch (IOException e) {
                h.restore(saved);
                throw new SadException("cannot record the sequence state of the new keys in " + dir + ": "
                        + e.getMessage());
            }
            if (floor == Long.MAX_VALUE) {
                lease.refused = true;
                lease.refusal = "these keys were in use when the sequence state was damaged";
            } else {
                lease.refused = false;
                lease.refusal = null;
                if (floor > 0 && lease.counter != null) {
                    lease.counter.raiseSequence(floor);
                }
            }
        }
    }

    /**
     * The SA of {@code lease} was deleted, flushed or expired: what the file knows of its keys stays (dormant), so the
     * same keys resume after their numbers when they are added again. Writes nothing.
     */
    public void detach(SequenceLease lease) {
        if (lease == null) {
            return;
        }
        synchronized (lock) {
            SequenceHistory h = lease.history;
            if (h.lease != lease) {
                return;
            }
            h.lease = null;
            dormant++;
            for (Iterator<SequenceHistory> it = histories.values().iterator(); dormant > maxDormant && it.hasNext();) {
                SequenceHistory old = it.next();
                if (old.lease == null) {
                    it.remove();
                    dormant--;
                    LOG.log(Level.WARNING, "forgot the sequence state of {0} (more than {1} identities without an "
                            + "SA): adding it again with the same keys would start at 1", old.id, maxDormant);
                }
            }
        }
    }

    /** See {@link SequenceLease#extend}. Called on the data path at a block's boundary. */
    boolean extend(SequenceLease lease, long next) {
        synchronized (lock) {
            if (lease.end >= next) {
                return true;
            }
            SequenceCounter counter = lease.counter;
            if (lease.refused || closed || counter == null || counter.sequenceDead() || lease.history.lease != lease) {
                return false;
            }
            long now = System.nanoTime();
            if (failing && now - retryAt < 0) {
                return false;
            }
            long ceiling = counter.sequenceCeiling();
            long newEnd = Math.min(ceiling, saturatedAdd(Math.max(lease.end, next - 1), block));
            if (newEnd < next) {
                return false;
            }
            lease.history.setHighest(0, newEnd);
            try {
                log.stage(lease.history, false);
                log.commit();
            } catch (IOException e) {
                writeFailed(e, now);
                return false;
            }
            writeSucceeded();
            publish(lease, newEnd, ceiling);
            return true;
        }
    }

    /** Puts {@code lease} on the list of pending renewals and wakes the writer. Allocates nothing. */
    void enqueue(SequenceLease lease) {
        SequenceLease head;
        do {
            head = pending.get();
            lease.nextPending = head;
        } while (!pending.compareAndSet(head, lease));
        LockSupport.unpark(writer);
    }

    private void runWriter() {
        while (true) {
            LockSupport.park(this);
            SequenceLease list = pending.getAndSet(null);
            synchronized (lock) {
                if (closed) {
                    return;
                }
                if (list != null) {
                    renew(list);
                }
                if (compactionDue) {
                    compact();
                }
            }
        }
    }

    /** Leases one more block to every lease of the list, with one force for all. Holds the lock. */
    private void renew(SequenceLease list) {
        batch.clear();
        for (SequenceLease l = list; l != null;) {
            SequenceLease next = l.nextPending;
            l.nextPending = null;
            l.renewalTaken();
            batch.add(l);
            l = next;
        }
        int staged = 0;
        try {
            for (int i = 0; i < batch.size(); i++) {
                SequenceLease l = batch.get(i);
                SequenceCounter counter = l.counter;
                l.stagedEnd = 0;
                l.stagedEdge = 0;
                if (l.refused || counter == null || counter.sequenceDead() || l.history.lease != l) {
                    continue;
                }
                long end = l.end;
                long renewAt = l.renewAt;
                long newEnd = end;
                long value = counter.sequenceCounter();
                if (renewAt >= 0 && value >= renewAt) {
                    newEnd = Math.min(counter.sequenceCeiling(), saturatedAdd(Math.max(end, value), block));
                }
                long edge = counter.replayEdge();
                boolean inbound = edge >= l.inboundMark && edge > l.history.inboundEdge;
                if (newEnd > end || inbound) {
                    if (newEnd > end) {
                        l.history.setHighest(0, newEnd);
                        l.stagedEnd = newEnd;
                    }
                    if (inbound) {
                        l.history.inboundEdge = edge;
                        l.stagedEdge = edge;
                    }
                    log.stage(l.history, false);
                    staged++;
                }
            }
            if (staged == 0) {
                return;
            }
            log.commit();
        } catch (IOException e) {
            writeFailed(e, System.nanoTime());
            return;
        }
        writeSucceeded();
        for (int i = 0; i < batch.size(); i++) {
            SequenceLease l = batch.get(i);
            if (l.stagedEnd > l.end) {
                publish(l, l.stagedEnd, l.counter.sequenceCeiling());
            }
            if (l.stagedEdge > 0) {
                l.inboundMark = saturatedAdd(l.stagedEdge, inboundInterval());
            }
        }
    }

    /** How far a replay window's edge moves before it is written again: {@code max(16, block / 16)} numbers. */
    long inboundInterval() {
        return Math.max(16, block / 16);
    }

    private void publish(SequenceLease lease, long newEnd, long ceiling) {
        lease.renewAt = newEnd >= ceiling ? -1 : newEnd - block / 2;
        lease.end = newEnd;
        if (log.size() > Math.max(compactAbove, 8 * log.snapshotSize())) {
            compactionDue = true;
            LockSupport.unpark(writer);
        }
    }

    /** Rewrites the file as a snapshot of what is known. Holds the lock. */
    private void compact() {
        compactionDue = false;
        try {
            log.rewrite(histories.values(), damaged, System.currentTimeMillis() / 1000);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot compact {0}: {1}", dir.resolve(SequenceLog.FILE), e.getMessage());
        }
    }

    private void writeFailed(IOException e, long now) {
        if (!failing) {
            LOG.log(Level.ERROR, "cannot write the sequence state in {0}: {1}; SAs past their lease send nothing until "
                    + "a write succeeds", dir, e.getMessage());
        }
        failing = true;
        retryAt = now + RETRY_NANOS;
    }

    private void writeSucceeded() {
        if (failing) {
            failing = false;
            LOG.log(Level.INFO, "the sequence state in {0} is written again", dir);
        }
    }

    /**
     * Stops cleanly: every live SA's counter is sealed ({@link SequenceCounter#sealSequence}) and its exact last value
     * written, so that the next run resumes right after it; then the file is closed. Afterwards no lease extends.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (log != null) {
                try {
                    for (SequenceHistory h : histories.values()) {
                        SequenceLease l = h.lease;
                        if (l != null && !l.refused && l.counter != null) {
                            l.end = Long.MIN_VALUE;
                            long last = l.counter.sealSequence();
                            long edge = l.counter.replayEdge();
                            if (last > 0 || edge > h.inboundEdge) {
                                if (last > 0) {
                                    // every number handed out was leased first, so last <= what the file holds
                                    h.setHighest(0, last);
                                }
                                h.inboundEdge = Math.max(h.inboundEdge, edge);
                                h.clean = true;
                                log.stage(h, true);
                            }
                        }
                    }
                    log.commit();
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "cannot write the last sequence numbers in {0}: {1}; the next run resumes "
                            + "after the leases instead", dir, e.getMessage());
                }
            }
        }
        stopWriter();
        closeLog();
    }

    /**
     * Ends this store as a crash would: nothing more is written, the file is closed and released. For tests of what a
     * restart after a crash finds.
     */
    public void abandon() {
        synchronized (lock) {
            closed = true;
        }
        stopWriter();
        closeLog();
    }

    private void stopWriter() {
        if (writer != null) {
            LockSupport.unpark(writer);
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeLog() {
        if (log != null) {
            try {
                log.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot close {0}: {1}", dir.resolve(SequenceLog.FILE), e.getMessage());
            }
        }
    }

    /** Sets the size beyond which the file is compacted (tests). */
    void compactAbove(long bytes) {
        synchronized (lock) {
            compactAbove = bytes;
        }
    }

    /** The file (tests: to make its writes fail). */
    SequenceLog log() {
        return log;
    }

    /** What the file knows of {@code id}: the highest value per known key, newest first (tests, diagnostics). */
    public List<Long> knownValues(SaId id) {
        synchronized (lock) {
            SequenceHistory h = histories.get(id);
            List<Long> out = new ArrayList<>();
            for (int i = 0; h != null && i < h.size(); i++) {
                out.add(h.highest(i));
            }
            return out;
        }
    }

    /** The replay edge the file knows for {@code id}'s first keys, 0 when none (tests, diagnostics). */
    public long knownInboundEdge(SaId id) {
        synchronized (lock) {
            SequenceHistory h = histories.get(id);
            return h == null ? 0 : h.inboundEdge;
        }
    }

    /** How many identities the store knows, live or dormant. */
    public int size() {
        synchronized (lock) {
            return histories.size();
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < a ? Long.MAX_VALUE : r;
    }

    @Override
    public String toString() {
        return "SequenceStore[" + dir + (log == null ? ", unavailable: " + unavailable : "") + ", block=" + block + "]";
    }
}
