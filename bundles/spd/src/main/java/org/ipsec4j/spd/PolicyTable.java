package org.ipsec4j.spd;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ipsec4j.api.event.SadbEvents;
import org.ipsec4j.api.policy.Direction;
import org.ipsec4j.api.policy.FlowKey;
import org.ipsec4j.api.policy.PolicyAction;
import org.ipsec4j.api.policy.PolicyEntry;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.SecurityPolicyDatabase;
import org.ipsec4j.api.policy.Selector;
import org.ipsec4j.api.policy.SpdException;

/**
 * The Security Policy Database as plain Java, with setkey(8)'s semantics; the OSGi service ({@link SpdComponent}) is
 * a thin shell around it. Construct it with a clock and an event sink, or with no arguments (system clock, no events).
 *
 * <p>Semantics. A policy is identified by (selector, direction): {@code add} of an existing one fails with
 * {@code "policy already exists"}, {@code update} and {@code delete} of a missing one with {@code "No entry."}. Each
 * direction keeps its policies in lookup order: priority (lower value first), then the order of their first
 * {@code add}. Policies get spids 1, 2, ... in the order they are added. {@code update} keeps the spid, creation time,
 * place among equal priorities and match counters, and moves the policy if its priority changed.
 *
 * <p>Threading. Changes are serialized by a writer lock and publish a new immutable snapshot: one array per direction
 * in lookup order, behind one volatile reference. {@link #lookup(Direction, FlowKey)} reads the snapshot once and
 * scans its array: lock-free, allocation-free, and consistent while another thread changes the SPD. Events are
 * published after the lock was released.
 *
 * <p>The lookup is a linear scan, O(n) in the policies of a direction, fine for hundreds of policies. Index ideas for
 * 100k policies, keeping "first match in lookup order": bucket the policies by (address family, upper-layer
 * protocol) and by the longest destination prefix, scan only the buckets a packet can hit, and merge by lookup
 * position (each record knows its index in the snapshot); or a multi-bit trie on the destination prefix whose nodes
 * keep the minimum lookup position of their subtree, so the search stops as soon as no better position can follow.
 */
public final class PolicyTable implements SecurityPolicyDatabase {
    private static final Direction[] DIRECTIONS = Direction.values();
    private static final PolicyRecord[] EMPTY = new PolicyRecord[0];

    private record Key(Selector selector, Direction direction) {
    }

    private final Clock clock;
    private final SpdEventSink events;
    private final Object lock = new Object();

    /** Per direction (by ordinal), the policies in lookup order. Replaced, never changed. */
    private volatile PolicyRecord[][] snapshot = {EMPTY, EMPTY, EMPTY};

    // Guarded by lock.
    private final Map<Key, PolicyRecord> byKey = new HashMap<>();
    private long nextId = 1;

    /** A table on the system clock that publishes no events. */
    public PolicyTable() {
        this(Clock.systemUTC(), SpdEventSink.NONE);
    }

    /** A table on the system clock. */
    public PolicyTable(SpdEventSink events) {
        this(Clock.systemUTC(), events);
    }

    public PolicyTable(Clock clock, SpdEventSink events) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public PolicyEntry add(SecurityPolicy policy) {
        PolicyRecord record;
        synchronized (lock) {
            Key key = new Key(policy.selector(), policy.direction());
            if (byKey.containsKey(key)) {
                throw new SpdException("policy already exists");
            }
            long id = nextId++;
            record = new PolicyRecord(policy, id, clock.millis(), id, clock, new PolicyRecord.Usage());
            byKey.put(key, record);
            publish(policy.direction(), insert(directionArray(policy.direction()), record));
        }
        events.publish(SadbEvents.TOPIC_SPD_ADD, PolicyEventProperties.of(record, clock.millis()));
        return record;
    }

    @Override
    public PolicyEntry update(SecurityPolicy policy) {
        PolicyRecord record;
        synchronized (lock) {
            Key key = new Key(policy.selector(), policy.direction());
            PolicyRecord old = byKey.get(key);
            if (old == null) {
                throw new SpdException("No entry.");
            }
            record = old.replacedBy(policy);
            byKey.put(key, record);
            PolicyRecord[] current = directionArray(policy.direction());
            PolicyRecord[] next;
            if (old.policy().priority() == policy.priority()) {
                next = current.clone();
                next[indexOf(current, old)] = record;
            } else {
                next = insert(remove(current, old), record);
            }
            publish(policy.direction(), next);
        }
        events.publish(SadbEvents.TOPIC_SPD_UPDATE, PolicyEventProperties.of(record, clock.millis()));
        return record;
    }

    @Override
    public PolicyEntry delete(Selector selector, Direction direction) {
        PolicyRecord record;
        synchronized (lock) {
            record = byKey.remove(new Key(selector, direction));
            if (record == null) {
                throw new SpdException("No entry.");
            }
            publish(direction, remove(directionArray(direction), record));
        }
        events.publish(SadbEvents.TOPIC_SPD_DELETE, PolicyEventProperties.of(record, clock.millis()));
        return record;
    }

    @Override
    public Optional<PolicyEntry> get(Selector selector, Direction direction) {
        synchronized (lock) {
            return Optional.ofNullable(byKey.get(new Key(selector, direction)));
        }
    }

    @Override
    public List<PolicyEntry> flush() {
        List<PolicyEntry> removed;
        synchronized (lock) {
            removed = dumpOf(snapshot);
            byKey.clear();
            snapshot = new PolicyRecord[][] {EMPTY, EMPTY, EMPTY};
        }
        Map<String, Object> p = new HashMap<>();
        p.put(SadbEvents.TIMESTAMP, clock.millis());
        p.put(SadbEvents.COUNT, removed.size());
        events.publish(SadbEvents.TOPIC_SPD_FLUSH, p);
        return removed;
    }

    @Override
    public List<PolicyEntry> dump() {
        return dumpOf(snapshot);
    }

    /** The policies of one direction, in lookup order. */
    public List<PolicyEntry> dump(Direction direction) {
        return List.of(snapshot[direction.ordinal()]);
    }

    /** How many policies the table holds. */
    public int size() {
        PolicyRecord[][] s = snapshot;
        return s[0].length + s[1].length + s[2].length;
    }

    @Override
    public PolicyEntry lookup(Direction direction, FlowKey flow) {
        PolicyRecord[] policies = snapshot[direction.ordinal()];
        for (PolicyRecord r : policies) {
            if (r.action() != PolicyAction.ENTRUST && r.selector().matches(flow)) {
                return r;
            }
        }
        return null;
    }

    private static List<PolicyEntry> dumpOf(PolicyRecord[][] s) {
        List<PolicyEntry> all = new ArrayList<>(s[0].length + s[1].length + s[2].length);
        for (Direction d : DIRECTIONS) {
            all.addAll(Arrays.asList(s[d.ordinal()]));
        }
        return all;
    }

    private PolicyRecord[] directionArray(Direction d) {
        return snapshot[d.ordinal()];
    }

    /** Publishes a new snapshot in which {@code d} has {@code policies}. Holds the lock. */
    private void publish(Direction d, PolicyRecord[] policies) {
        PolicyRecord[][] next = snapshot.clone();
        next[d.ordinal()] = policies;
        snapshot = next;
    }

    /** A copy of {@code a} with {@code r} at its place in lookup order. */
    private static PolicyRecord[] insert(PolicyRecord[] a, PolicyRecord r) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (PolicyRecord.compare(a[mid], r) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        PolicyRecord[] b = new PolicyRecord[a.length + 1];
        System.arraycopy(a, 0, b, 0, lo);
        b[lo] = r;
        System.arraycopy(a, lo, b, lo + 1, a.length - lo);
        return b;
    }

    private static PolicyRecord[] remove(PolicyRecord[] a, PolicyRecord r) {
        int i = indexOf(a, r);
        PolicyRecord[] b = new PolicyRecord[a.length - 1];
        System.arraycopy(a, 0, b, 0, i);
        System.arraycopy(a, i + 1, b, i, a.length - i - 1);
        return b;
    }

    private static int indexOf(PolicyRecord[] a, PolicyRecord r) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == r) {
                return i;
            }
        }
        throw new IllegalStateException("policy " + r.id() + " not in its direction's array");
    }
}
