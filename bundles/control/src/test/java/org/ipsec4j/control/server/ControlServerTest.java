package org.ipsec4j.control.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ipsec4j.api.setkey.SetkeyService;
import org.ipsec4j.control.protocol.CommandRequest;
import org.ipsec4j.control.protocol.ControlProtocol;
import org.ipsec4j.control.protocol.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {
    @TempDir
    Path tmp;

    private final List<ControlServer> servers = new ArrayList<>();
    private final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<byte[]> inputs = Collections.synchronizedList(new ArrayList<>());

    /** Echoes its input to stdout, its arguments to stderr; "-fail" exits 1, "-big" writes 200000 bytes. */
    private final SetkeyService fake = (args, in, out, err) -> {
        calls.add(List.copyOf(args));
        try {
            byte[] input = in.readAllBytes();
            inputs.add(input);
            out.write(input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (args.contains("-big")) {
            for (int i = 0; i < 200_000; i++) {
                out.write('a' + i % 26);
            }
        }
        if (args.contains("-order")) {
            out.print("one ");
            err.print("two ");
            out.print("three");
        }
        if (args.contains("-crash")) {
            throw new IllegalStateException("key 0x1234 must never reach a log");
        }
        err.print(String.join(",", args));
        return args.contains("-fail") ? 1 : 0;
    };

    private record Reply(String out, String err, int status) {
    }

    @AfterEach
    void closeServers() {
        servers.forEach(ControlServer::close);
    }

    private Path socket() {
        return tmp.resolve("run").resolve("setkey.sock");
    }

    private ControlServer start(Duration timeout, UserPrincipal allowed) throws IOException {
        ControlServer server = new ControlServer(socket(), fake, 2, timeout, allowed);
        servers.add(server);
        server.start();
        return server;
    }

    private ControlServer start() throws IOException {
        return start(Duration.ofSeconds(5), null);
    }

    private SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket()));
        return channel;
    }

    private Reply exchange(byte[] rawRequest) throws IOException {
        try (SocketChannel channel = connect()) {
            OutputStream out = Channels.newOutputStream(channel);
            out.write(rawRequest);
            out.flush();
            return readReply(Channels.newInputStream(channel));
        }
    }

    private static Reply readReply(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        while (true) {
            Frame frame = Frame.read(in, ControlProtocol.STDOUT, ControlProtocol.STDERR, ControlProtocol.EXIT);
            if (frame == null) {
                throw new IOException("no exit frame");
            }
            switch (frame.type()) {
                case ControlProtocol.STDOUT -> out.write(frame.payload());
                case ControlProtocol.STDERR -> err.write(frame.payload());
                default -> {
                    assertNull(Frame.read(in, ControlProtocol.STDOUT), "nothing after the exit frame");
                    return new Reply(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                            frame.exitStatus());
                }
            }
        }
    }

    private static byte[] commandFrame(List<String> args, String input) throws IOException {
        byte[] payload = new CommandRequest(args, input.getBytes(StandardCharsets.UTF_8)).encode();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        Frame.write(frame, ControlProtocol.COMMAND, payload, 0, payload.length);
        return frame.toByteArray();
    }

    @Test
    void runsSetkeyAndReturnsOutputErrorsAndStatus() throws IOException {
        start();
        Reply reply = exchange(commandFrame(List.of("-c"), "add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\";"));
        assertEquals("add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\";", reply.out());
        assertEquals("-c", reply.err());
        assertEquals(0, reply.status());
        assertEquals(List.of(List.of("-c")), calls);

        Reply failed = exchange(commandFrame(List.of("-c", "-fail"), ""));
        assertEquals(1, failed.status());
        assertEquals("-c,-fail", failed.err());
    }

    @Test
    void directoryIsOwnerOnlyAndSocketIs0600() throws IOException {
        Files.createDirectories(socket().getParent());
        Files.setPosixFilePermissions(socket().getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        start();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket().getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket())));
    }

    @Test
    void closeRemovesTheSocketFile() throws IOException {
        ControlServer server = start();
        assertTrue(Files.exists(socket()));
        server.close();
        assertFalse(Files.exists(socket()));
        assertThrows(IOException.class, this::connect);
    }

    @Test
    void largeOutputArrivesInOrderInBoundedChunks() throws IOException {
        start();
        try (SocketChannel channel = connect()) {
            Channels.newOutputStream(channel).write(commandFrame(List.of("-big"), ""));
            InputStream in = Channels.newInputStream(channel);
            StringBuilder out = new StringBuilder();
            int frames = 0;
            Frame frame;
            while ((frame = Frame.read(in, ControlProtocol.STDOUT, ControlProtocol.STDERR, ControlProtocol.EXIT))
                    .type() == ControlProtocol.STDOUT) {
                assertTrue(frame.payload().length <= ControlProtocol.MAX_CHUNK);
                out.append(new String(frame.payload(), StandardCharsets.US_ASCII));
                frames++;
            }
            assertEquals(4, frames);
            assertEquals(200_000, out.length());
            for (int i = 0; i < out.length(); i++) {
                assertEquals('a' + i % 26, out.charAt(i));
            }
        }
    }

    @Test
    void outputAndErrorsKeepTheirOrder() throws IOException {
        start();
        try (SocketChannel channel = connect()) {
            Channels.newOutputStream(channel).write(commandFrame(List.of("-order"), ""));
            InputStream in = Channels.newInputStream(channel);
            StringBuilder seen = new StringBuilder();
            Frame frame;
            while ((frame = Frame.read(in, ControlProtocol.STDOUT, ControlProtocol.STDERR, ControlProtocol.EXIT))
                    .type() != ControlProtocol.EXIT) {
                seen.append((char) frame.type()).append(':')
                        .append(new String(frame.payload(), StandardCharsets.UTF_8)).append('|');
            }
            assertEquals("O:one |E:two |O:three|E:-order|", seen.toString());
        }
    }

    @Test
    void malformedRequestGetsAnErrorAndTheServerKeepsServing() throws IOException {
        start();
        Reply garbage = exchange("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, garbage.status());
        assertEquals("setkey: bad request: not a control protocol frame (bad magic)\n", garbage.err());

        byte[] badPayload = {'I', 'P', 'S', 'K', 1, 'C', 0, 0, 0, 3, 0, 9, 0};
        Reply bad = exchange(badPayload);
        assertEquals("setkey: bad request: command truncated in the argument length\n", bad.err());
        assertEquals(1, bad.status());
        assertTrue(calls.isEmpty());

        assertEquals(0, exchange(commandFrame(List.of("-D"), "")).status());
        assertEquals(List.of(List.of("-D")), calls);
    }

    @Test
    void oversizedRequestIsRefusedFromItsHeader() throws IOException {
        start();
        byte[] header = {'I', 'P', 'S', 'K', 1, 'C', 0x01, 0x00, 0x00, 0x01};
        Reply reply = exchange(header);
        assertEquals("setkey: bad request: frame 'C' of 16777217 bytes is over the limit of 16777216 bytes\n",
                reply.err());
        assertEquals(1, reply.status());
        assertTrue(calls.isEmpty());
    }

    @Test
    void slowClientIsDisconnectedAndOthersAreStillServed() throws IOException, InterruptedException {
        start(Duration.ofMillis(500), null);
        try (SocketChannel silent = connect()) {
            Channels.newOutputStream(silent).write(new byte[] {'I', 'P', 'S'});
            long started = System.nanoTime();
            InputStream in = Channels.newInputStream(silent);
            assertEquals(-1, in.read(), "the server closes the connection without a reply");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(waited >= 400 && waited < 5000, "closed after " + waited + " ms");
        }
        assertEquals(0, exchange(commandFrame(List.of("-D"), "")).status());
    }

    @Test
    void peerOfAnotherUserIsRefused() throws IOException {
        UserPrincipal nobody = tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        start(Duration.ofSeconds(5), nobody);
        Reply reply = exchange(commandFrame(List.of("-F"), ""));
        assertEquals(1, reply.status());
        assertEquals("setkey: permission denied: the gateway accepts commands only from its own user\n", reply.err());
        assertTrue(calls.isEmpty(), "setkey never ran");
    }

    @Test
    void setkeyThatThrowsIsAnInternalErrorWithoutItsMessage() throws IOException {
        start();
        Reply reply = exchange(commandFrame(List.of("-crash"), ""));
        assertEquals(1, reply.status());
        assertEquals("setkey: internal error: java.lang.IllegalStateException\n", reply.err());
        assertEquals(0, exchange(commandFrame(List.of("-D"), "")).status());
    }

    @Test
    void staleSocketFileIsReplacedButALiveGatewayIsNot() throws IOException {
        ControlServer first = new ControlServer(socket(), fake, 1, Duration.ofSeconds(5));
        first.start();
        servers.add(first);
        ControlServer second = new ControlServer(socket(), fake, 1, Duration.ofSeconds(5));
        IOException busy = assertThrows(IOException.class, second::start);
        assertEquals("another gateway already listens on " + socket(), busy.getMessage());
        second.close();
        assertEquals(0, exchange(commandFrame(List.of("-D"), "")).status(), "the first gateway still serves");

        // a socket file nobody listens on: bind a raw channel and drop it without deleting its file
        first.close();
        try (var raw = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.bind(UnixDomainSocketAddress.of(socket()));
        }
        assertTrue(Files.exists(socket()));
        start();
        assertEquals(0, exchange(commandFrame(List.of("-D"), "")).status());
    }

    @Test
    void somethingElseInTheWayIsNotDeleted() throws IOException {
        Files.createDirectories(socket().getParent());
        Files.writeString(socket(), "not a socket");
        ControlServer server = new ControlServer(socket(), fake, 1, Duration.ofSeconds(5));
        assertEquals(socket() + " exists and is not a socket",
                assertThrows(IOException.class, server::start).getMessage());
        server.close();
        assertEquals("not a socket", Files.readString(socket()));
    }

    @Test
    void connectionsAreServedConcurrently() throws Exception {
        CountDownLatch bothInside = new CountDownLatch(2);
        SetkeyService waiting = (args, in, out, err) -> {
            bothInside.countDown();
            try {
                return bothInside.await(5, TimeUnit.SECONDS) ? 0 : 1;
            } catch (InterruptedException e) {
                return 1;
            }
        };
        ControlServer server = new ControlServer(socket(), waiting, 2, Duration.ofSeconds(5));
        servers.add(server);
        server.start();
        byte[] request = commandFrame(List.of("-D"), "");
        var other = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return exchange(request).status();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertEquals(0, exchange(request).status());
        assertEquals(0, other.get(10, TimeUnit.SECONDS));
    }

    @Test
    void inputIsPassedThroughByteForByte() throws IOException {
        start();
        byte[] input = new byte[ControlProtocol.MAX_CHUNK * 3 + 17];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) ('0' + i % 10);
        }
        byte[] payload = new CommandRequest(List.of("-c"), input).encode();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        Frame.write(frame, ControlProtocol.COMMAND, payload, 0, payload.length);
        Reply reply = exchange(frame.toByteArray());
        assertEquals(0, reply.status());
        assertArrayEquals(input, inputs.get(0));
        assertEquals(new String(input, StandardCharsets.US_ASCII), reply.out());
    }

    @Test
    void defaultLocationIsRunBesideTheConfDirectory() {
        assertEquals(Path.of("/opt/gw/run/setkey.sock"), SocketFiles.location(null, null, "/opt/gw/conf"));
        assertEquals(Path.of("/opt/gw/run/setkey.sock"), SocketFiles.location("", " ", "/opt/gw/conf/"));
        assertEquals(Path.of("/var/run/ipsec/setkey.sock"), SocketFiles.location(null, "/var/run/ipsec", "/x"));
        assertEquals(Path.of("/tmp/s.sock"), SocketFiles.location("/tmp/s.sock", "/var/run/ipsec", "/x"));
        assertEquals(Path.of("run/setkey.sock").toAbsolutePath(), SocketFiles.location(null, null, null));
    }

    @Test
    void refusalRuleComparesUsers() throws IOException {
        var lookup = tmp.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal root = lookup.lookupPrincipalByName("root");
        UserPrincipal nobody = lookup.lookupPrincipalByName("nobody");
        var rootGroup = lookup.lookupPrincipalByGroupName("root");
        assertNull(PeerCheck.refusal(new jdk.net.UnixDomainPrincipal(root, rootGroup), root));
        assertEquals("peer user nobody is not the gateway's user root",
                PeerCheck.refusal(new jdk.net.UnixDomainPrincipal(nobody, rootGroup), root));
        assertEquals("peer credentials unavailable", PeerCheck.refusal(null, root));
    }
}
