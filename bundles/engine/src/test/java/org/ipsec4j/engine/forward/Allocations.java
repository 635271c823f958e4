package org.ipsec4j.engine.forward;

import java.lang.management.ManagementFactory;

/** Measures what the current thread allocates, after warming the code up so that the JIT has compiled it. */
final class Allocations {
    private Allocations() {
    }

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /**
     * Bytes allocated by {@code n} runs of {@code r}: the least of three rounds, each after as many runs to warm up,
     * so that a round during which the JIT was still compiling (a loaded machine) does not count against the code.
     */
    static long measure(Runnable r, int n) {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3 && best >= 4096; round++) {
            for (int i = 0; i < n; i++) r.run();
            long before = allocatedBytes();
            for (int i = 0; i < n; i++) r.run();
            best = Math.min(best, allocatedBytes() - before);
        }
        return best;
    }
}
