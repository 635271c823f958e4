package org.ipsec4j.sad.persist;

/**
 * The outbound sequence counter of one live SA, as its {@link SequenceLease} sees it. Implemented by the SAD's record
 * of the SA; every method is thread-safe and allocates nothing.
 */
public interface SequenceCounter {
    /** The highest counter value handed out so far (0 before the first packet). */
    long sequenceCounter();

    /**
     * The highest counter value the SA may ever reach: its sequence space without cycling, {@link Long#MAX_VALUE} for an
     * SA that cycles (the counter goes on, the wire carries its low bits).
     */
    long sequenceCeiling();

    /** Whether the SA is dead: no number is handed out any more. */
    boolean sequenceDead();

    /**
     * Stops the counter for good and returns the highest value it handed out: no number above it is handed out, not
     * even by a sender that is between its checks at this moment. Called once, when the SAD stops cleanly.
     */
    long sealSequence();

    /** The highest sequence number the SA's replay window has committed (inbound), 0 before the first. */
    long replayEdge();

    /** Raises the counter to at least {@code value}, so that the next number is above it. */
    void raiseSequence(long value);
}
