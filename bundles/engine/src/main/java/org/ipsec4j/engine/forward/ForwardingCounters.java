package org.ipsec4j.engine.forward;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.ipsec4j.engine.admin.StatSection;

/** {@link IpCounter}s per IP version, as {@link LongAdder}s: many threads count without contending. */
final class ForwardingCounters {
    private static final IpCounter[] ALL = IpCounter.values();
    private final LongAdder[] v4 = adders();
    private final LongAdder[] v6 = adders();

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[ALL.length];
        for (int i = 0; i < a.length; i++) a[i] = new LongAdder();
        return a;
    }

    void count(int version, IpCounter c) {
        (version == 6 ? v6 : v4)[c.ordinal()].increment();
    }

    void add(int version, IpCounter c, long n) {
        (version == 6 ? v6 : v4)[c.ordinal()].add(n);
    }

    long get(int version, IpCounter c) {
        return (version == 6 ? v6 : v4)[c.ordinal()].sum();
    }

    /** The {@code ip}, {@code ip6}, {@code icmp} and {@code icmp6} sections. */
    List<StatSection> sections() {
        return List.of(section("ip", 4, false), section("ip6", 6, false), section("icmp", 4, true),
                section("icmp6", 6, true));
    }

    private StatSection section(String name, int version, boolean icmp) {
        List<StatSection.Line> lines = new ArrayList<>();
        for (IpCounter c : ALL) {
            if (c.icmp == icmp) lines.add(new StatSection.Line(get(version, c), c.text));
        }
        return new StatSection(name, lines);
    }
}
