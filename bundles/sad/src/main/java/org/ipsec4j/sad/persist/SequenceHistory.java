package org.ipsec4j.sad.persist;

import java.security.MessageDigest;
import java.util.Arrays;
import org.ipsec4j.api.sa.SaId;

/**
 * What the state file knows about one SA identity (destination, protocol, SPI): the keys used with it, newest first,
 * each as its {@link KeyFingerprint} with the highest counter value that may have been used with those keys. The
 * first key is the one of the live SA (or of the last one). A value of {@link Long#MAX_VALUE} marks keys that must not
 * be used again (their history was lost). Mutable, guarded by the {@link SequenceStore}'s lock.
 */
final class SequenceHistory {
    /** Keys remembered per identity; the oldest is forgotten beyond this. */
    static final int MAX_KEYS = 8;

    final SaId id;
    /** The identity as records carry it. */
    final byte[] identity;
    private final byte[][] fingerprints = new byte[MAX_KEYS][];
    private final long[] highest = new long[MAX_KEYS];
    private int count;
    /** The lease of the live SA with this identity, or null while there is none (the history is dormant). */
    SequenceLease lease;
    /** Whether the last record of this history was written by a clean stop (informational). */
    boolean clean;
    /** The highest number a replay window under the first key had committed (a lower bound), 0 if unknown. */
    long inboundEdge;

    SequenceHistory(SaId id) {
        this.id = id;
        this.identity = SequenceLogFormat.identity(id);
    }

    /** A copy of the keys and values, to {@link #restore} after a failed write. */
    SequenceHistory copy() {
        SequenceHistory c = new SequenceHistory(id);
        for (int i = 0; i < count; i++) {
            c.append(fingerprints[i], highest[i]);
        }
        c.inboundEdge = inboundEdge;
        return c;
    }

    /** Puts back the keys and values of {@code saved} (a {@link #copy()}). */
    void restore(SequenceHistory saved) {
        count = 0;
        for (int i = 0; i < saved.count; i++) {
            append(saved.fingerprints[i], saved.highest[i]);
        }
        inboundEdge = saved.inboundEdge;
    }

    int size() {
        return count;
    }

    byte[] fingerprint(int i) {
        return fingerprints[i];
    }

    long highest(int i) {
        return highest[i];
    }

    /** Sets the highest value of the key at {@code i}. */
    void setHighest(int i, long value) {
        highest[i] = value;
    }

    /** The index of the key with fingerprint {@code fp}, or -1. */
    int indexOf(byte[] fp) {
        for (int i = 0; i < count; i++) {
            if (MessageDigest.isEqual(fingerprints[i], fp)) {
                return i;
            }
        }
        return -1;
    }

    /** Makes the key at {@code i} the current one (first), keeping the order of the others. */
    void promote(int i) {
        byte[] fp = fingerprints[i];
        long value = highest[i];
        System.arraycopy(fingerprints, 0, fingerprints, 1, i);
        System.arraycopy(highest, 0, highest, 1, i);
        fingerprints[0] = fp;
        highest[0] = value;
    }

    /** Adds a key in front, as the current one; the oldest key is forgotten when {@link #MAX_KEYS} are known. */
    void push(byte[] fp, long value) {
        int keep = Math.min(count, MAX_KEYS - 1);
        System.arraycopy(fingerprints, 0, fingerprints, 1, keep);
        System.arraycopy(highest, 0, highest, 1, keep);
        fingerprints[0] = fp;
        highest[0] = value;
        count = keep + 1;
    }

    /** Adds a key at the end (reading a record: keys come newest first). */
    void append(byte[] fp, long value) {
        if (count < MAX_KEYS) {
            fingerprints[count] = fp;
            highest[count] = value;
            count++;
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(id.toString()).append(" [");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ", ").append(Arrays.hashCode(fingerprints[i]) & 0xffff).append(':')
                    .append(highest[i]);
        }
        return sb.append(']').toString();
    }
}
