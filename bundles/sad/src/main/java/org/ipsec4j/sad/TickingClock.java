package org.ipsec4j.sad;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A clock that answers the time of its last {@link #tick()}: one volatile read per call. The SAD reads the time for
 * every packet it charges (an SA's first and last use); {@code System.currentTimeMillis()} costs 20 to 27 ns there,
 * a quarter of ESP's own per-packet cost (bench: {@code SaAccountingBenchmark}, {@code tables.py diag}). The service
 * ticks it ten times a second ({@link ExpiryTimer}), so use times are exact to a tenth of a second; setkey(8) prints
 * them in seconds, and Linux's XFRM keeps them in seconds.
 */
public final class TickingClock extends Clock {
    private final Clock source;
    private volatile long millis;

    /** A clock at {@code source}'s time now, moved to it again by each {@link #tick()}. */
    public TickingClock(Clock source) {
        this.source = Objects.requireNonNull(source, "source");
        this.millis = source.millis();
    }

    /** Moves this clock to its source's time. */
    public void tick() {
        millis = source.millis();
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
        return source.getZone();
    }

    /** This clock's ticks in {@code zone}: a view that reads this clock, so it moves with every tick. */
    @Override
    public Clock withZone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        if (zone.equals(getZone())) {
            return this;
        }
        TickingClock ticks = this;
        return new Clock() {
            @Override
            public long millis() {
                return ticks.millis();
            }

            @Override
            public Instant instant() {
                return ticks.instant();
            }

            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return ticks.withZone(other);
            }
        };
    }
}
