package org.ipsec4j.sad;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies the time lifetimes of an {@link SaTable} from one daemon thread, every {@code period} (a second in the
 * service, as KAME's key timer), and ticks the table's {@link TickingClock} if it has one. {@link #close()} stops
 * the thread.
 */
public final class ExpiryTimer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ExpiryTimer.class.getName());

    private final ScheduledExecutorService executor;

    public ExpiryTimer(SaTable table, Duration period) {
        this(table, period, null, period);
    }

    /**
     * A timer that also ticks {@code clock} (the table's use clock, see {@link TickingClock}) every {@code tickPeriod}.
     */
    public ExpiryTimer(SaTable table, Duration period, TickingClock clock, Duration tickPeriod) {
        long millis = period.toMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ipsec4j-sad-lifetimes");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                table.expireLifetimes();
            } catch (RuntimeException e) {
                // Keep the timer alive: a failing event sink must not stop lifetimes.
                LOG.log(Level.WARNING, "applying SA lifetimes failed", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        if (clock != null) {
            long tick = tickPeriod.toMillis();
            if (tick <= 0) {
                throw new IllegalArgumentException("tick period must be positive: " + tickPeriod);
            }
            executor.scheduleAtFixedRate(clock::tick, tick, tick, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the thread; waits up to a second for a running pass to end. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
