package org.ipsec4j.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ipsec4j.api.setkey.SetkeyService;
import org.ipsec4j.control.server.ControlServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/setkey -x}: what the gateway streams is printed (and flushed) frame by frame, until it ends. */
class SetkeyClientMonitorTest {
    @TempDir
    Path tmp;

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    /** Prints each queued event and flushes until its output fails, as setkey -x does. */
    private final SetkeyService gateway = (args, in, out, err) -> {
        try {
            while (!out.checkError()) {
                String event = events.poll(20, TimeUnit.MILLISECONDS);
                if (event != null) {
                    out.print(event);
                    out.flush();
                }
            }
            return 0;
        } catch (InterruptedException e) {
            return 2;
        }
    };

    /** Text that arrives only when the client flushes. */
    private static final class Screen extends OutputStream {
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void write(int b) {
            text.append((char) b);
        }

        @Override
        public synchronized void flush() {
            notifyAll();
        }

        synchronized String await(String needle) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (text.indexOf(needle) < 0) {
                long left = deadline - System.nanoTime();
                assertTrue(left > 0, () -> "no \"" + needle + "\" in " + text);
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return text.toString();
        }
    }

    @Test
    void eventsAppearAsTheyComeUntilTheGatewayCloses() throws Exception {
        Path socket = tmp.resolve("home/run/setkey.sock");
        ControlServer server = new ControlServer(socket, gateway, 2, Duration.ofSeconds(5));
        server.start();
        try {
            Screen screen = new Screen();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            AtomicInteger status = new AtomicInteger(-1);
            SetkeyClient client = new SetkeyClient(Map.of(), tmp.resolve("home"), tmp, (a, i, o, e) -> 1);
            Thread t = new Thread(() -> status.set(client.run(List.of("-x"), new ByteArrayInputStream(new byte[0]),
                    new PrintStream(new BufferedOutputStream(screen, 1 << 16), false, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8))));
            t.start();
            events.add("[Nov 27 10:00:05] SADB_ADD\n");
            screen.await("SADB_ADD\n");
            events.add("[Nov 27 10:00:06] SADB_DELETE\n");
            assertEquals("[Nov 27 10:00:05] SADB_ADD\n[Nov 27 10:00:06] SADB_DELETE\n", screen.await("SADB_DELETE\n"));
            assertTrue(t.isAlive(), "the monitor runs on");

            server.close();
            t.join(10_000);
            assertFalse(t.isAlive());
            assertEquals(1, status.get());
            assertEquals(ControlServer.CLOSING_MESSAGE + "\n", err.toString(StandardCharsets.UTF_8));
        } finally {
            server.close();
        }
    }
}
