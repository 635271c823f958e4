package org.ipsec4j.setkey.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ipsec4j.api.event.SadbEvents;
import org.ipsec4j.setkey.print.SaDumpPrinter;
import org.ipsec4j.setkey.print.SpdDumpPrinter;
import org.junit.jupiter.api.Test;

/** The monitor's run: one subscription for the run, a flush per event, and the ways it ends. */
class SadbMonitorTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:05Z"), ZoneOffset.UTC);
    private static final SadbEventFormat FORMAT = new SadbEventFormat(CLOCK, 1, null, null,
            new SaDumpPrinter(CLOCK, 1, true), new SpdDumpPrinter(CLOCK, 1));

    private final FakeEventSource source = new FakeEventSource();
    private final SadbMonitor monitor = new SadbMonitor(source, FORMAT);
    private final AtomicInteger status = new AtomicInteger(-1);

    private Thread start(PrintStream out) throws InterruptedException {
        Thread t = new Thread(() -> status.set(monitor.run(out)), "monitor");
        t.start();
        source.awaitSubscribers(1);
        return t;
    }

    private static Map<String, Object> sa(long spi) {
        return Map.of(SadbEvents.TIMESTAMP, CLOCK.millis(), SadbEvents.TEXT,
                "10.1.1.1 10.2.2.2\n\tesp mode=any spi=" + spi + String.format("(0x%08x)", spi) + " reqid=0(0x00000000)");
    }

    @Test
    void printsAndFlushesEachEventInOrderUntilInterrupted() throws Exception {
        GrowingOutput out = new GrowingOutput();
        Thread t = start(out.stream());
        source.publish(SadbEvents.TOPIC_ADD, sa(1000));
        assertEquals("[Nov 27 10:00:05] SADB_ADD\n10.1.1.1 10.2.2.2\n\tesp mode=any spi=1000(0x000003e8)"
                + " reqid=0(0x00000000)\n", out.await("reqid"), "flushed without anyone asking");
        source.publish(SadbEvents.TOPIC_DELETE, sa(1000));
        source.publish(SadbEvents.TOPIC_FLUSH, Map.of(SadbEvents.TIMESTAMP, CLOCK.millis(), SadbEvents.COUNT, 0));
        String text = out.await("SADB_FLUSH 0 SAs\n");
        assertTrue(text.indexOf("SADB_ADD") < text.indexOf("SADB_DELETE")
                && text.indexOf("SADB_DELETE") < text.indexOf("SADB_FLUSH"), text);

        t.interrupt();
        t.join(10_000);
        assertFalse(t.isAlive());
        assertEquals(0, status.get());
        assertEquals(0, source.subscribers());
        source.publish(SadbEvents.TOPIC_ADD, sa(1001));
        assertFalse(out.text().contains("spi=1001"), "nothing after the end");
    }

    @Test
    void anInterruptBeforeTheStartEndsAtOnceWithTheStatusKept() {
        Thread.currentThread().interrupt();
        try {
            assertEquals(0, monitor.run(new GrowingOutput().stream()));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
        } finally {
            Thread.interrupted();
        }
        assertEquals(0, source.subscribers());
    }

    @Test
    void endsWhenTheReaderIsGone() throws Exception {
        AtomicInteger writes = new AtomicInteger();
        OutputStream gone = new OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                writes.incrementAndGet();
                throw new java.io.IOException("Broken pipe");
            }
        };
        Thread t = start(new PrintStream(gone, false));
        source.publish(SadbEvents.TOPIC_ADD, sa(7));
        t.join(10_000);
        assertFalse(t.isAlive(), "a failed write ends the monitor");
        assertEquals(0, status.get());
        assertEquals(0, source.subscribers());
        assertTrue(writes.get() > 0);
    }

    @Test
    void aReaderThatFallsBehindIsToldHowManyEventsWereLost() throws Exception {
        CountDownLatch firstWrite = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GrowingOutput sink = new GrowingOutput();
        OutputStream slow = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                firstWrite.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sink.write(b, off, len);
            }

            @Override
            public void flush() {
                sink.flush();
            }
        };
        Thread t = start(new PrintStream(slow, false));
        source.publish(SadbEvents.TOPIC_ADD, sa(1));
        assertTrue(firstWrite.await(10, TimeUnit.SECONDS));
        // the monitor is stuck writing the first event: the queue fills, then events are lost
        for (int i = 0; i < SadbMonitor.QUEUE_LIMIT + 5; i++) {
            source.publish(SadbEvents.TOPIC_ADD, sa(2 + i));
        }
        release.countDown();
        int lastQueued = 1 + SadbMonitor.QUEUE_LIMIT;
        String text = sink.await(" spi=" + lastQueued + "(");
        t.interrupt();
        t.join(10_000);
        assertFalse(t.isAlive());
        assertTrue(text.contains("(5 events lost: the monitor fell behind)\n"), text);
        assertTrue(text.indexOf("lost") < text.indexOf(" spi=2("), "the loss is reported when it is noticed");
        assertEquals(1 + SadbMonitor.QUEUE_LIMIT, text.split("SADB_ADD", -1).length - 1, "every queued event");
        assertFalse(text.contains(" spi=" + (lastQueued + 1) + "("), "the lost ones are not printed");
    }
}
