package org.ipsec4j.itests.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.ipsec4j.control.protocol.CommandRequest;
import org.ipsec4j.control.protocol.ControlProtocol;
import org.ipsec4j.control.protocol.Frame;
import org.ipsec4j.control.server.ControlServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The control socket's request reader under attack, through a real {@link ControlServer} on a Unix socket: a client
 * that sends nothing, one that claims a 16 MiB command and stalls, garbage, and more stalled clients than the server
 * has threads. Each bad client gets an error or is cut off within the timeout, and afterwards a good request is served.
 */
class ControlSocketAttackTest {
    private static final Duration TIMEOUT = Duration.ofMillis(800);
    private Path dir;
    private ControlServer server;

    @BeforeEach
    void start() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "ipsec4j-control");
        server = new ControlServer(dir.resolve("run/setkey.sock"), (args, in, out, err) -> {
            out.print("ran " + args);
            return 0;
        }, 2, TIMEOUT);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void silentClientIsCutOffWithinTheTimeout() throws IOException {
        try (SocketChannel ch = connect()) {
            long t0 = System.nanoTime();
            assertEquals(-1, Channels.newInputStream(ch).read(), "the server closes");
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "cut off within the timeout");
        }
        assertServed();
    }

    @Test
    void claimedSixteenMebibytesThenStallIsCutOff() throws IOException {
        try (SocketChannel ch = connect()) {
            OutputStream out = Channels.newOutputStream(ch);
            out.write(new byte[] {'I', 'P', 'S', 'K', 1, 'C', 1, 0, 0, 0}); // 16 MiB announced
            out.write(new byte[] {0, 1, 0, 2, '-', 'D'});
            out.flush();
            long t0 = System.nanoTime();
            Channels.newInputStream(ch).readAllBytes();
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "cut off within the timeout");
        }
        assertServed();
    }

    @Test
    void garbageIsABadRequest() throws IOException {
        for (byte[] garbage : List.of("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                new byte[] {'I', 'P', 'S', 'K', 9, 'C', 0, 0, 0, 0},
                new byte[] {'I', 'P', 'S', 'K', 1, 'C', 0x7f, 0, 0, 0},
                new byte[] {'I', 'P', 'S', 'K', 1, 'C', 0, 0, 0, 4, (byte) 0xff, (byte) 0xff, 0, 0})) {
            try (SocketChannel ch = connect()) {
                OutputStream out = Channels.newOutputStream(ch);
                out.write(garbage);
                out.flush();
                ch.shutdownOutput();
                String reply = new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(reply.contains("setkey: bad request: "), reply);
            }
        }
        assertServed();
    }

    @Test
    void moreStalledClientsThanThreadsDoNotStopTheServer() throws Exception {
        List<SocketChannel> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                SocketChannel ch = connect();
                Channels.newOutputStream(ch).write(new byte[] {'I', 'P', 'S'});
                stalled.add(ch);
            }
            Thread.sleep(TIMEOUT.toMillis() * 3);
            assertServed();
        } finally {
            for (SocketChannel ch : stalled) {
                ch.close();
            }
        }
    }

    private SocketChannel connect() throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(server.socket()));
    }

    /** A good request is answered (retried while the server still clears the attack's connections). */
    private void assertServed() throws IOException {
        String last = "";
        for (int attempt = 0; attempt < 20; attempt++) {
            try (SocketChannel ch = connect()) {
                byte[] payload = new CommandRequest(List.of("-D"), new byte[0]).encode();
                OutputStream out = Channels.newOutputStream(ch);
                Frame.write(out, ControlProtocol.COMMAND, payload, 0, payload.length);
                out.flush();
                InputStream in = Channels.newInputStream(ch);
                ByteArrayOutputStream stdout = new ByteArrayOutputStream();
                Frame f;
                while ((f = Frame.read(in, ControlProtocol.STDOUT, ControlProtocol.STDERR, ControlProtocol.EXIT))
                        != null) {
                    if (f.type() == ControlProtocol.EXIT) {
                        if (f.exitStatus() == 0) {
                            assertEquals("ran [-D]", stdout.toString(StandardCharsets.UTF_8));
                            return;
                        }
                        break;
                    }
                    if (f.type() == ControlProtocol.STDOUT) {
                        stdout.write(f.payload());
                    } else {
                        last = new String(f.payload(), StandardCharsets.UTF_8);
                    }
                }
            } catch (IOException e) {
                last = e.toString();
            }
            try {
                Thread.sleep(TIMEOUT.toMillis() / 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("a good request was not served: " + last);
    }
}
