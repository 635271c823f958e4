package org.ipsec4j.spd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import org.ipsec4j.api.policy.PolicyAction;
import org.ipsec4j.api.policy.PolicyEntry;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.Selector;

/**
 * One installed policy of a {@link PolicyTable}: the immutable policy with its spid, creation time and insertion rank,
 * and match counters. The counters live in a {@link Usage} object that an {@code update} hands on to the replacing
 * record, so no match is lost while the two coexist. {@link #recordMatch()} takes no lock and allocates nothing.
 */
public final class PolicyRecord implements PolicyEntry {
    /** Match counters, shared by the records an update chain produces. */
    static final class Usage {
        private static final VarHandle MATCHES;
        private static final VarHandle LAST_USED;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                MATCHES = l.findVarHandle(Usage.class, "matches", long.class);
                LAST_USED = l.findVarHandle(Usage.class, "lastUsed", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private volatile long matches;
        private volatile long lastUsed;

        void hit(long now) {
            MATCHES.getAndAdd(this, 1L);
            LAST_USED.setOpaque(this, now);
        }
    }

    private final SecurityPolicy policy;
    /** The policy's selector and action, read by every lookup. */
    private final Selector selector;
    private final PolicyAction action;
    private final long id;
    private final long createdMillis;
    /** Position among policies of equal priority: the order of the first {@code add}. */
    private final long rank;
    private final Clock clock;
    private final Usage usage;

    PolicyRecord(SecurityPolicy policy, long id, long createdMillis, long rank, Clock clock, Usage usage) {
        this.policy = policy;
        this.selector = policy.selector();
        this.action = policy.action();
        this.id = id;
        this.createdMillis = createdMillis;
        this.rank = rank;
        this.clock = clock;
        this.usage = usage;
    }

    /** The record that replaces this one on {@code update}: same spid, creation time, rank and counters. */
    PolicyRecord replacedBy(SecurityPolicy next) {
        return new PolicyRecord(next, id, createdMillis, rank, clock, usage);
    }

    @Override
    public SecurityPolicy policy() {
        return policy;
    }

    Selector selector() {
        return selector;
    }

    PolicyAction action() {
        return action;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public long createdMillis() {
        return createdMillis;
    }

    long rank() {
        return rank;
    }

    @Override
    public long lastUsedMillis() {
        return usage.lastUsed;
    }

    @Override
    public long matches() {
        return usage.matches;
    }

    @Override
    public void recordMatch() {
        usage.hit(clock.millis());
    }

    /** Lookup order: priority (lower first), then rank (earlier first). */
    static int compare(PolicyRecord a, PolicyRecord b) {
        int c = Long.compare(a.policy.priority(), b.policy.priority());
        return c != 0 ? c : Long.compare(a.rank, b.rank);
    }

    @Override
    public String toString() {
        return "PolicyRecord[spid=" + id + ", " + policy + "]";
    }
}
