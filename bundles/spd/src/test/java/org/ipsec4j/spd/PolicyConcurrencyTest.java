package org.ipsec4j.spd;

import static org.ipsec4j.spd.Policies.flow;
import static org.ipsec4j.spd.Policies.policy;
import static org.ipsec4j.spd.Policies.sel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ipsec4j.api.policy.Direction;
import org.ipsec4j.api.policy.FlowKey;
import org.ipsec4j.api.policy.PolicyAction;
import org.ipsec4j.api.policy.PolicyEntry;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.Selector;
import org.junit.jupiter.api.Test;

class PolicyConcurrencyTest {
    private static final int ANY = Selector.ANY_PROTOCOL;

    /**
     * Readers look up flows while a writer adds, updates and deletes policies: a flow covered by a fixed high-priority
     * policy always finds it, a flow covered by a churned policy finds that policy or the fixed catch-all below it.
     */
    @Test
    void lookupsSeeConsistentSnapshotsWhileTheSpdChanges() throws InterruptedException {
        PolicyTable spd = new PolicyTable();
        SecurityPolicy fixed = policy(sel("10.1.0.0/16", "10.2.0.0/16", ANY), Direction.OUT,
                SecurityPolicy.PRIORITY_HIGH, PolicyAction.IPSEC);
        SecurityPolicy catchAll = policy(sel("0.0.0.0/0", "0.0.0.0/0", ANY), Direction.OUT,
                SecurityPolicy.PRIORITY_LOW, PolicyAction.NONE);
        spd.add(fixed);
        spd.add(catchAll);
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        long[] counts = new long[2];
        Thread[] readers = new Thread[2];
        for (int t = 0; t < readers.length; t++) {
            int id = t;
            readers[t] = new Thread(() -> {
                try {
                    FlowKey covered = flow("10.1.3.4", "10.2.5.6", 6, 1000, 443);
                    FlowKey churned = flow("172.16.7.1", "172.17.7.1", 17, 53, 53);
                    long n = 0;
                    while (!stop.get()) {
                        PolicyEntry e = spd.lookup(Direction.OUT, covered);
                        if (e == null || e.policy() != fixed) {
                            throw new AssertionError("fixed policy lost: " + e);
                        }
                        e.recordMatch();
                        PolicyEntry c = spd.lookup(Direction.OUT, churned);
                        if (c == null) {
                            throw new AssertionError("nothing for the churned flow");
                        }
                        if (c.policy() != catchAll && !c.policy().selector().source().toString()
                                .startsWith("172.16.")) {
                            throw new AssertionError("wrong policy for the churned flow: " + c);
                        }
                        n++;
                    }
                    counts[id] = n;
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            readers[t].start();
        }
        long end = System.nanoTime() + 1_000_000_000L;
        int rounds = 0;
        while (System.nanoTime() < end && failures.isEmpty()) {
            for (int i = 0; i < 200; i++) {
                spd.add(policy(sel("172.16." + i + ".0/24", "172.17.0.0/16", ANY), Direction.OUT,
                        PolicyAction.DISCARD));
            }
            for (int i = 0; i < 200; i += 2) {
                spd.update(policy(sel("172.16." + i + ".0/24", "172.17.0.0/16", ANY), Direction.OUT,
                        SecurityPolicy.PRIORITY_HIGH + i, PolicyAction.NONE));
            }
            for (int i = 0; i < 200; i++) {
                spd.delete(sel("172.16." + i + ".0/24", "172.17.0.0/16", ANY), Direction.OUT);
            }
            rounds++;
        }
        stop.set(true);
        for (Thread r : readers) {
            r.join(10_000);
        }
        assertTrue(failures.isEmpty(), () -> "reader failed: " + failures.peek());
        assertTrue(rounds > 0 && counts[0] > 0 && counts[1] > 0);
        assertEquals(2, spd.size());
        assertEquals(counts[0] + counts[1], spd.get(fixed.selector(), Direction.OUT).orElseThrow().matches());
    }

    @Test
    void lookupAndRecordMatchAllocateNothing() {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        var mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        PolicyTable spd = new PolicyTable();
        for (int i = 0; i < 100; i++) {
            spd.add(policy(sel("172.16." + i + ".0/24", "172.17.0.0/16", 6), Direction.OUT, PolicyAction.DISCARD));
        }
        spd.add(policy(sel("2001:db8::/32", "2001:db8::/32", ANY), Direction.OUT, PolicyAction.NONE));
        spd.add(policy(sel("10.0.0.0/8", "10.0.0.0/8", ANY), Direction.OUT, PolicyAction.IPSEC));
        FlowKey f = flow("10.1.1.1", "10.2.2.2", 17, 5000, 53);
        long hits = 0;
        long before = 0;
        for (int pass = 0; pass < 2; pass++) {
            before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 100_000; i++) {
                PolicyEntry e = spd.lookup(Direction.OUT, f);
                e.recordMatch();
                hits++;
            }
        }
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes");
        assertEquals(hits, spd.lookup(Direction.OUT, f).matches());
    }
}
