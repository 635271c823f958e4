package org.ipsec4j.setkey.print;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Map;
import org.ipsec4j.api.policy.PolicyEntry;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.sa.SaCounters;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaState;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;

/** Fixed SA and policy entries for printer tests: what a SAD or SPD would hand out, frozen. */
final class TestEntries {
    private TestEntries() {
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static long millis(String isoInstant) {
        return Instant.parse(isoInstant).toEpochMilli();
    }

    static SaCounters counters(long packets, long bytes, long sequence, long lastUse, Map<Verdict, Long> drops) {
        return new SaCounters(packets, bytes, sequence, lastUse == 0 ? 0 : lastUse - 1000, lastUse, drops);
    }

    static SaCounters noCounters() {
        return counters(0, 0, 0, 0, Map.of());
    }

    /** An SA entry with fixed state, creation time, sadb_seq and counters; its data-path methods are not used. */
    record FixedSa(SecurityAssociation sa, SaState state, long createdMillis, long sadbSeq, SaCounters counters)
            implements SaEntry {
        @Override public long nextSequence() { throw new UnsupportedOperationException(); }
        @Override public long replayCheck(int wireSequence) { throw new UnsupportedOperationException(); }
        @Override public boolean replayCommit(long sequence) { throw new UnsupportedOperationException(); }
        @Override public void recordOutput(int bytes) { throw new UnsupportedOperationException(); }
        @Override public void recordInput(int bytes) { throw new UnsupportedOperationException(); }
        @Override public void recordDrop(Verdict reason) { throw new UnsupportedOperationException(); }
        @Override public Object attachment() { return null; }
        @Override public boolean compareAndSetAttachment(Object expected, Object update) { return false; }
    }

    /** A policy entry with fixed id and times. */
    record FixedPolicy(SecurityPolicy policy, long id, long createdMillis, long lastUsedMillis, long matches)
            implements PolicyEntry {
        @Override public void recordMatch() { throw new UnsupportedOperationException(); }
    }
}
