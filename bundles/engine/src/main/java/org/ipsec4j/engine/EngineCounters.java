package org.ipsec4j.engine;

import java.util.EnumMap;
import java.util.concurrent.atomic.LongAdder;
import org.ipsec4j.api.transform.Verdict;

/**
 * The engine's global counters, in the spirit of KAME's {@code netstat -s -p ipsec}: packets that passed each way,
 * with or without IPsec, and every drop by its {@link Verdict}. {@link LongAdder}s, so that threads counting at once
 * do not contend; {@link #snapshot()} reads them all.
 */
final class EngineCounters {
    private final LongAdder inSuccess = new LongAdder();
    private final LongAdder inPlaintext = new LongAdder();
    private final LongAdder outSuccess = new LongAdder();
    private final LongAdder outPlaintext = new LongAdder();
    private final LongAdder noTransform = new LongAdder();
    private final LongAdder acquires = new LongAdder();
    private final LongAdder[] inDrops = adders();
    private final LongAdder[] outDrops = adders();

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[Verdict.values().length];
        for (int i = 0; i < a.length; i++) a[i] = new LongAdder();
        return a;
    }

    /** An inbound packet that arrived through IPsec and satisfied its policy. */
    void inSuccess() { inSuccess.increment(); }
    /** An inbound packet without IPsec that its policy lets in. */
    void inPlaintext() { inPlaintext.increment(); }
    void outSuccess() { outSuccess.increment(); }
    void outPlaintext() { outPlaintext.increment(); }
    /** A packet whose SA's protocol has no transform registered (also counted as a {@code noalgo} drop). */
    void noTransform() { noTransform.increment(); }
    void acquire() { acquires.increment(); }

    /** Counts an inbound drop and returns {@code v}. */
    Verdict inDrop(Verdict v) {
        inDrops[v.ordinal()].increment();
        return v;
    }

    /** Counts an outbound drop and returns {@code v}. */
    Verdict outDrop(Verdict v) {
        outDrops[v.ordinal()].increment();
        return v;
    }

    EngineStatistics snapshot() {
        return new EngineStatistics(inSuccess.sum(), inPlaintext.sum(), outSuccess.sum(), outPlaintext.sum(),
                noTransform.sum(), acquires.sum(), sums(inDrops), sums(outDrops));
    }

    private static EnumMap<Verdict, Long> sums(LongAdder[] a) {
        EnumMap<Verdict, Long> m = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) m.put(v, a[v.ordinal()].sum());
        return m;
    }
}
