package org.ipsec4j.bench;

import java.time.Clock;
import java.time.Duration;
import org.ipsec4j.sad.ExpiryTimer;
import org.ipsec4j.sad.SaTable;
import org.ipsec4j.sad.SadEventSink;
import org.ipsec4j.sad.TickingClock;

/**
 * A SAD with one of two clocks for packets' use times: {@code gateway}, as the SAD service builds it (a
 * {@link TickingClock} that its timer moves ten times a second: one volatile read per packet), or {@code system}
 * ({@link Clock#systemUTC()} read per packet, as before the ticking clock), to measure what the difference is worth.
 */
final class SadClocks implements AutoCloseable {
    final SaTable table;
    /** The clock the table reads per packet. */
    final Clock useClock;
    private final ExpiryTimer timer;

    SadClocks(String name) {
        switch (name) {
            case "gateway" -> {
                TickingClock ticking = new TickingClock(Clock.systemUTC());
                useClock = ticking;
                table = new SaTable(Clock.systemUTC(), ticking, SadEventSink.NONE, null);
                timer = new ExpiryTimer(table, Duration.ofSeconds(1), ticking, Duration.ofMillis(100));
            }
            case "system" -> {
                useClock = Clock.systemUTC();
                table = new SaTable(useClock, SadEventSink.NONE);
                timer = new ExpiryTimer(table, Duration.ofSeconds(1));
            }
            default -> throw new IllegalArgumentException("no SAD clock " + name);
        }
    }

    @Override
    public void close() {
        timer.close();
        table.close();
    }
}
