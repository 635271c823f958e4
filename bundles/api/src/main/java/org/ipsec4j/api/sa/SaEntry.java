package org.ipsec4j.api.sa;

import org.ipsec4j.api.transform.Verdict;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A live SA in the {@link SecurityAssociationDatabase}: its configuration plus the mutable state the data path uses.
 * All methods are thread-safe. The data-path methods ({@link #nextSequence()}, {@link #replayCheck(int)},
 * {@link #replayCommit(long)}, {@link #recordOutput(int)}, {@link #recordInput(int)}, {@link #recordDrop(Verdict)})
 * allocate nothing.
 */
@ProviderType
public interface SaEntry {
    /** The configuration, as added (or last updated). */
    SecurityAssociation sa();

    default SaId id() {
        return sa().id();
    }

    SaState state();

    /** When the SA was added (epoch milliseconds). */
    long createdMillis();

    /** The order in which SAs were added, from 1 (KAME's {@code sadb_seq}). */
    long sadbSeq();

    /** A snapshot of the counters. */
    SaCounters counters();

    /**
     * The sequence number for the next outbound packet (the first is 1), as 64 bits; the low 32 go on the wire. Returns
     * -1 when the sequence space is used up and the SA may not cycle (RFC 4303 section 3.3.3), or when the SA is dead.
     */
    long nextSequence();

    /**
     * Phase one of anti-replay (RFC 4303 section 3.4.3): given the 32 bits on the wire, returns the full sequence
     * number (with ESN, the high half inferred as RFC 4303 appendix A says), or -1 when it is a replay or left of the
     * window. Changes nothing; call {@link #replayCommit(long)} after the ICV verified. With anti-replay disabled
     * ({@code -r 0}) every number passes.
     */
    long replayCheck(int wireSequence);

    /**
     * Phase two of anti-replay: records {@code sequence} as seen. Returns false when another thread committed it first
     * (the packet is then a replay and must be dropped).
     */
    boolean replayCommit(long sequence);

    /** Counts one packet of {@code bytes} protected under this SA and charges the byte lifetime. */
    void recordOutput(int bytes);

    /** Counts one packet of {@code bytes} verified under this SA and charges the byte lifetime. */
    void recordInput(int bytes);

    /** Counts one packet dropped under this SA. */
    void recordDrop(Verdict reason);

    /**
     * A slot for the transform's per-SA state (bound algorithm contexts), so that it lives and dies with the SA. The
     * SAD never looks inside; it clears the slot when the SA is updated or dies, and closes an attachment that is
     * {@link AutoCloseable} then, so that the key material it holds is zeroed.
     */
    Object attachment();

    boolean compareAndSetAttachment(Object expected, Object update);
}
