package org.ipsec4j.control.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ipsec4j.api.setkey.SetkeyService;
import org.ipsec4j.control.protocol.CommandRequest;
import org.ipsec4j.control.protocol.ControlProtocol;
import org.ipsec4j.control.protocol.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming commands ({@code setkey -x}) over the control socket: output frames as the command flushes, the end when
 * the client goes away or the server closes, and their own threads, so ordinary commands are still served.
 */
class ControlServerStreamingTest {
    @TempDir
    Path tmp;

    private final List<ControlServer> servers = new ArrayList<>();
    /** Lines the fake monitor prints, one flush each; it runs until interrupted. */
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final AtomicInteger monitorsRunning = new AtomicInteger();
    private final AtomicInteger monitorsStopped = new AtomicInteger();
    private final CountDownLatch monitorEnded = new CountDownLatch(1);

    /**
     * {@code -x}: prints each line of {@link #lines} and flushes, until its output fails (checked every 20 ms, as the
     * real monitor checks it every second); anything else prints "done".
     */
    private final SetkeyService fake = (args, in, out, err) -> {
        if (args.stream().noneMatch(a -> a.startsWith("-x"))) {
            out.print("done");
            return 0;
        }
        monitorsRunning.incrementAndGet();
        try {
            while (!out.checkError()) {
                String line = lines.poll(20, TimeUnit.MILLISECONDS);
                if (line != null) {
                    out.print(line);
                    out.flush();
                }
            }
            monitorsStopped.incrementAndGet();
            return 0;
        } catch (InterruptedException e) {
            return 2;
        } finally {
            monitorsRunning.decrementAndGet();
            monitorEnded.countDown();
        }
    };

    @AfterEach
    void close() {
        servers.forEach(ControlServer::close);
    }

    private Path socket() {
        return tmp.resolve("run/setkey.sock");
    }

    private ControlServer start(int threads, int monitors) throws IOException {
        ControlServer server = new ControlServer(socket(), fake, threads, monitors, Duration.ofSeconds(5));
        servers.add(server);
        server.start();
        return server;
    }

    private SocketChannel send(String... args) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket()));
        byte[] payload = new CommandRequest(List.of(args), new byte[0]).encode();
        Frame.write(Channels.newOutputStream(channel), ControlProtocol.COMMAND, payload, 0, payload.length);
        return channel;
    }

    private static Frame next(InputStream in) throws IOException {
        return Frame.read(in, ControlProtocol.STDOUT, ControlProtocol.STDERR, ControlProtocol.EXIT);
    }

    /** Reads frames to the exit frame: standard output, standard error, status. */
    private static String[] rest(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        for (Frame f = next(in); f != null; f = next(in)) {
            switch (f.type()) {
                case ControlProtocol.STDOUT -> out.write(f.payload());
                case ControlProtocol.STDERR -> err.write(f.payload());
                default -> {
                    return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                            Integer.toString(f.exitStatus())};
                }
            }
        }
        throw new IOException("no exit frame");
    }

    private String ordinary() throws IOException {
        try (SocketChannel c = send("-D")) {
            String[] r = rest(Channels.newInputStream(c));
            return r[0] + " " + r[2];
        }
    }

    private void awaitRunning(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (monitorsRunning.get() != n) {
            assertTrue(System.nanoTime() < deadline, "monitors running: " + monitorsRunning.get());
            Thread.sleep(5);
        }
    }

    @Test
    void eachFlushIsAFrameAndTheCommandEndsWhenTheClientCloses() throws Exception {
        start(1, 2);
        try (SocketChannel monitor = send("-x")) {
            InputStream in = Channels.newInputStream(monitor);
            lines.add("[Nov 27 10:00:05] SADB_ADD\n");
            Frame first = next(in);
            assertEquals(ControlProtocol.STDOUT, first.type());
            assertEquals("[Nov 27 10:00:05] SADB_ADD\n", new String(first.payload(), StandardCharsets.UTF_8));
            lines.add("two\n");
            assertEquals("two\n", new String(next(in).payload(), StandardCharsets.UTF_8));
            assertEquals("done 0", ordinary(), "the one pool thread is free while the monitor runs");
        }
        assertTrue(monitorEnded.await(10, TimeUnit.SECONDS), "closing the client ends the command");
        assertEquals(1, monitorsStopped.get());
        assertEquals("done 0", ordinary());
    }

    @Test
    void shuttingDownTheSendingSideEndsTheCommandWithItsStatus() throws Exception {
        start(2, 1);
        try (SocketChannel monitor = send("-x")) {
            awaitRunning(1);
            monitor.shutdownOutput();
            String[] r = rest(Channels.newInputStream(monitor));
            assertEquals("", r[0]);
            assertEquals("", r[1]);
            assertEquals("0", r[2]);
            assertNull(next(Channels.newInputStream(monitor)), "nothing after the exit frame");
        }
        assertEquals(1, monitorsStopped.get());
    }

    @Test
    void monitorsBeyondTheLimitAreRefusedOrdinaryCommandsStillServed() throws Exception {
        start(1, 2);
        try (SocketChannel a = send("-x"); SocketChannel b = send("-xx")) {
            awaitRunning(2);
            try (SocketChannel c = send("-x")) {
                String[] r = rest(Channels.newInputStream(c));
                assertEquals("setkey: too many monitors (setkey -x) run already (at most 2), try again later\n", r[1]);
                assertEquals("1", r[2]);
            }
            assertEquals("done 0", ordinary());
        }
        awaitRunning(0);
        try (SocketChannel again = send("-x")) {
            awaitRunning(1);
        }
        awaitRunning(0);
    }

    @Test
    void noMonitorsAtAllWhenTheLimitIsZero() throws Exception {
        start(1, 0);
        try (SocketChannel c = send("-x")) {
            String[] r = rest(Channels.newInputStream(c));
            assertEquals("setkey: too many monitors (setkey -x) run already (at most 0), try again later\n", r[1]);
            assertEquals("1", r[2]);
        }
        assertEquals(0, monitorsRunning.get());
    }

    @Test
    void closingTheServerEndsRunningMonitorsWithAnError() throws Exception {
        ControlServer server = start(1, 1);
        try (SocketChannel monitor = send("-x")) {
            awaitRunning(1);
            server.close();
            String[] r = rest(Channels.newInputStream(monitor));
            assertEquals(ControlServer.CLOSING_MESSAGE + "\n", r[1]);
            assertEquals("1", r[2]);
        }
        assertEquals(1, monitorsStopped.get());
    }

    @Test
    void aClientThatKeepsSendingIsCutOff() throws Exception {
        start(1, 1);
        try (SocketChannel monitor = send("-x")) {
            awaitRunning(1);
            byte[] junk = new byte[8192];
            try {
                for (int i = 0; i <= ClientWatch.BUDGET / junk.length + 8; i++) {
                    monitor.write(java.nio.ByteBuffer.wrap(junk));
                }
            } catch (IOException closedByTheServer) {
                // expected once the server cut the connection
            }
            assertTrue(monitorEnded.await(10, TimeUnit.SECONDS));
        }
        assertEquals("done 0", ordinary());
    }
}
