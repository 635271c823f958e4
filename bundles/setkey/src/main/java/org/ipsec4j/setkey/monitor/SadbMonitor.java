package org.ipsec4j.setkey.monitor;

import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code setkey -x}: subscribes to the SAD and SPD events and prints each one as it comes (flushing after each), until
 * the calling thread is interrupted (Ctrl-C in the Gogo shell; the control socket interrupts it when its client goes
 * away) or the output fails (its {@link PrintStream#checkError()} turns true: the reader is gone). The subscription
 * lasts exactly as long as the run.
 *
 * <p>Events wait in a queue of {@value #QUEUE_LIMIT}; when the output cannot keep up and the queue is full, further
 * events are counted and reported as lost ({@link SadbEventFormat#lost(long)}) instead of piling up. The
 * subscriber's thread (EventAdmin's) never blocks.
 *
 * <p>Thread-safe: each {@link #run} has its own queue and subscription.
 */
public final class SadbMonitor {
    /** Events held for a slow reader before further ones are counted as lost. */
    public static final int QUEUE_LIMIT = 4096;
    /** How often an idle monitor checks that its output still works, in milliseconds. */
    static final long IDLE_CHECK_MILLIS = 1000;

    private final SadbEventSource source;
    private final SadbEventFormat format;

    public SadbMonitor(SadbEventSource source, SadbEventFormat format) {
        this.source = Objects.requireNonNull(source, "source");
        this.format = Objects.requireNonNull(format, "format");
    }

    /**
     * Prints events to {@code out} until interrupted or until {@code out} fails; returns 0. The thread's interrupt
     * status is set again on return when an interrupt ended the run.
     */
    public int run(PrintStream out) {
        BlockingQueue<SadbEvent> queue = new ArrayBlockingQueue<>(QUEUE_LIMIT);
        AtomicLong lost = new AtomicLong();
        try (SadbEventSource.Subscription subscription = source.subscribe(e -> {
            if (!queue.offer(e)) {
                lost.incrementAndGet();
            }
        })) {
            while (!Thread.currentThread().isInterrupted()) {
                SadbEvent event = queue.poll(IDLE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                long missed = lost.getAndSet(0);
                if (missed > 0) {
                    out.print(format.lost(missed));
                }
                if (event != null) {
                    out.print(format.format(event));
                }
                if (out.checkError()) { // flushes; true once the reader is gone
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
        return 0;
    }
}
