package org.ipsec4j.setkey.monitor;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Output that a monitor writes on one thread and a test reads on another, waiting for text to appear. */
public final class GrowingOutput extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
        bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        bytes.write(b, off, len);
    }

    @Override
    public synchronized void flush() {
        notifyAll();
    }

    /**
     * A buffered print stream over this output, without automatic flushing: text arrives here only when the writer
     * flushes (or writes 64 KiB), so a test sees whether the monitor flushes by itself.
     */
    public PrintStream stream() {
        return new PrintStream(new BufferedOutputStream(this, 1 << 16), false, StandardCharsets.UTF_8);
    }

    /** What arrived so far. */
    public synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Waits until the flushed output contains {@code needle}; returns the output. */
    public synchronized String await(String needle) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!text().contains(needle)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no \"" + needle + "\" in:\n" + text());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return text();
    }
}
