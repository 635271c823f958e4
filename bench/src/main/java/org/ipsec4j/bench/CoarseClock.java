package org.ipsec4j.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that answers the last time it was told ({@link #tick()}), for measuring what the SAD's per-packet clock read
 * costs: {@link #millis()} is one volatile read, as a clock that a timer moves once a second would be. Not used by
 * ipsec4j; the benchmarks compare it with {@link Clock#systemUTC()}.
 */
final class CoarseClock extends Clock {
    private volatile long millis = System.currentTimeMillis();

    /** Moves the clock to the system time. */
    void tick() {
        millis = System.currentTimeMillis();
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }

    /** {@code system} (the SAD's default, {@link Clock#systemUTC()}) or {@code coarse} (a new {@link CoarseClock}). */
    static Clock named(String name) {
        return switch (name) {
            case "system" -> Clock.systemUTC();
            case "coarse" -> new CoarseClock();
            default -> throw new IllegalArgumentException("no clock " + name);
        };
    }
}
