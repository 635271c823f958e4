package org.ipsec4j.sad;

import static org.ipsec4j.sad.Sas.esp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.ipsec4j.api.sa.SaCounters;
import org.ipsec4j.api.sa.SaEntry;
import org.junit.jupiter.api.Test;

class TickingClockTest {
    private final TestClock source = new TestClock(1_700_000_000_000L);

    @Test
    void answersTheTimeOfItsLastTick() {
        TickingClock clock = new TickingClock(source);
        source.advanceMillis(70);
        assertEquals(1_700_000_000_000L, clock.millis());
        clock.tick();
        assertEquals(1_700_000_000_070L, clock.millis());
        assertEquals(1_700_000_000_070L, clock.instant().toEpochMilli());
    }

    @Test
    void inAnotherZoneItStillMovesWithTheTicks() {
        TickingClock clock = new TickingClock(source);
        java.time.Clock tokyo = clock.withZone(java.time.ZoneId.of("Asia/Tokyo"));
        assertEquals(java.time.ZoneId.of("Asia/Tokyo"), tokyo.getZone());
        source.advanceMillis(500);
        clock.tick();
        assertEquals(1_700_000_000_500L, tokyo.millis());
        assertEquals(clock, clock.withZone(source.getZone()));
    }

    @Test
    void packetsAreChargedAtTheTickedTimeNeverBeforeTheSaWasCreated() {
        TickingClock useClock = new TickingClock(source);
        try (SaTable table = new SaTable(source, useClock, SadEventSink.NONE, null)) {
            source.advanceMillis(250); // the SA is created between ticks
            SaEntry sa = table.add(esp("10.0.0.1", "10.0.0.2", 7).build());
            sa.recordOutput(100);
            SaCounters first = sa.counters();
            assertEquals(1_700_000_000_250L, first.firstUseMillis(), "not before its creation");
            useClock.tick();
            source.advanceMillis(900);
            sa.recordOutput(100);
            assertEquals(1_700_000_000_250L, sa.counters().lastUseMillis(), "the last tick, not the source");
            useClock.tick();
            sa.recordOutput(100);
            SaCounters later = sa.counters();
            assertEquals(1_700_000_000_250L, later.firstUseMillis());
            assertEquals(1_700_000_001_150L, later.lastUseMillis());
            assertEquals(3, later.packets());
        }
    }

    @Test
    void theServiceTimerTicksTheClock() {
        TickingClock clock = new TickingClock(java.time.Clock.systemUTC());
        long start = clock.millis();
        try (SaTable table = new SaTable();
                ExpiryTimer timer = new ExpiryTimer(table, Duration.ofSeconds(1), clock, Duration.ofMillis(10))) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                while (clock.millis() <= start + 20) {
                    Thread.sleep(5);
                }
            });
        }
    }
}
