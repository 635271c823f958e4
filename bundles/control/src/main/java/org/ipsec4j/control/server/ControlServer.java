package org.ipsec4j.control.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.ipsec4j.api.setkey.SetkeyService;
import org.ipsec4j.control.protocol.CommandRequest;
import org.ipsec4j.control.protocol.ControlProtocol;
import org.ipsec4j.control.protocol.ControlProtocolException;
import org.ipsec4j.control.protocol.Frame;

/**
 * The control socket of a running gateway: a Unix domain socket on which {@code bin/setkey} runs setkey against the
 * gateway's {@link SetkeyService}.
 *
 * <p>Access: the socket's directory is 0700 and the socket 0600, both owned by the gateway's user; in addition
 * every connection's peer credentials ({@code SO_PEERCRED}) are checked, and a peer whose user is not the owner of
 * the socket (the gateway's effective user) is refused and logged.
 *
 * <p>Threads: one acceptor thread; each accepted connection is served by one thread of a bounded pool (a full pool
 * and queue answers "busy"). A watchdog thread closes a connection whose request does not arrive within the
 * timeout, or whose client does not take a response frame within it, so a stuck client never holds a thread for
 * long. Requests are limited as {@link ControlProtocol} says; a bad request gets an error response and changes
 * nothing. Logs name the peer and the problem, never arguments or input (they may hold keys).
 *
 * <p>Streaming commands ({@code setkey -x}, see {@link StreamingCommands}) run until their client goes away. Once
 * their request is read they move to threads of their own (at most {@code monitors} at once; one more is answered
 * "too many"), so they never hold the pool's threads. They are stopped by making their output fail
 * ({@link ResponseWriter#closeStreams()}; setkey's monitor checks its output at least once a second), not by an
 * interrupt, which would close the channel under a write: a {@link ClientWatch} stops the command when the client
 * closes or shuts down its sending side, and {@link #close()} stops them all, and they then end with
 * {@value #CLOSING_MESSAGE} and exit status 1.
 */
public final class ControlServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ControlServer.class.getName());
    /** How long a finished connection waits for the client to close before it is closed anyway. */
    private static final long DRAIN_MILLIS = 2000;
    /** The last words of a streaming command that {@link #close()} ended. */
    public static final String CLOSING_MESSAGE = "setkey: the gateway closed its control socket";
    /** Streaming commands run at once by default. */
    public static final int DEFAULT_MONITORS = 4;

    private final Path socket;
    private final SetkeyService setkey;
    private final Duration timeout;
    private final UserPrincipal allowedOverride;
    private final ThreadPoolExecutor pool;
    private final ThreadPoolExecutor refusals;
    private final ThreadPoolExecutor monitors;
    private final int monitorLimit;
    private final ScheduledExecutorService watchdog;
    /** The responses of the streaming commands running now. */
    private final Set<ResponseWriter> streaming = ConcurrentHashMap.newKeySet();
    private ServerSocketChannel server;
    private UserPrincipal allowed;
    private Thread acceptor;
    private volatile boolean closed;

    /**
     * Creates a server; {@link #start()} opens it.
     *
     * @param socket the socket's path
     * @param setkey the service that runs each command
     * @param threads the most connections served at once
     * @param timeout how long a client may take to send its request, and to take each response frame
     */
    public ControlServer(Path socket, SetkeyService setkey, int threads, Duration timeout) {
        this(socket, setkey, threads, DEFAULT_MONITORS, timeout, null);
    }

    /**
     * Creates a server; {@link #start()} opens it.
     *
     * @param socket the socket's path
     * @param setkey the service that runs each command
     * @param threads the most connections served at once
     * @param monitors the most streaming commands ({@code setkey -x}) run at once, besides
     * @param timeout how long a client may take to send its request, and to take each response frame
     */
    public ControlServer(Path socket, SetkeyService setkey, int threads, int monitors, Duration timeout) {
        this(socket, setkey, threads, monitors, timeout, null);
    }

    /** As above, but admits {@code allowedUser} instead of the socket's owner (for tests). */
    ControlServer(Path socket, SetkeyService setkey, int threads, Duration timeout, UserPrincipal allowedUser) {
        this(socket, setkey, threads, DEFAULT_MONITORS, timeout, allowedUser);
    }

    ControlServer(Path socket, SetkeyService setkey, int threads, int monitors, Duration timeout,
            UserPrincipal allowedUser) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        if (monitors < 0) {
            throw new IllegalArgumentException("monitors must be at least 0: " + monitors);
        }
        this.socket = socket.toAbsolutePath().normalize();
        this.setkey = Objects.requireNonNull(setkey, "setkey");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.allowedOverride = allowedUser;
        AtomicInteger counter = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(threads * 4), r -> daemon(r, "ipsec4j-control-" + counter.incrementAndGet()));
        this.pool.allowCoreThreadTimeOut(true);
        this.refusals = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16),
                r -> daemon(r, "ipsec4j-control-refusals"));
        this.refusals.allowCoreThreadTimeOut(true);
        this.monitorLimit = monitors;
        AtomicInteger monitorCounter = new AtomicInteger();
        this.monitors = new ThreadPoolExecutor(0, Math.max(1, monitors), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> daemon(r, "ipsec4j-control-monitor-" + monitorCounter.incrementAndGet()));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ipsec4j-control-watchdog"));
    }

    /** The socket's path. */
    public Path socket() {
        return socket;
    }

    /**
     * Creates the owner-only directory, removes a stale socket file, binds the socket with mode 0600 and starts
     * accepting connections.
     *
     * @throws IOException when the socket cannot be created, e.g. because another gateway listens on it
     */
    public synchronized void start() throws IOException {
        SocketFiles.prepareDirectory(socket);
        SocketFiles.removeStale(socket);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, SocketFiles.SOCKET_MODE);
            allowed = allowedOverride != null ? allowedOverride : Files.getOwner(socket);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(socket);
            throw e;
        }
        server = channel;
        acceptor = daemon(this::acceptLoop, "ipsec4j-control-acceptor");
        acceptor.start();
        LOG.log(Level.INFO, "control socket listening on {0}", socket);
    }

    /**
     * Stops accepting, closes open connections after their current command (streaming commands are ended), and
     * removes the socket file.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (server != null) {
                server.close();
                Files.deleteIfExists(socket);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "control socket {0}: cannot remove: {1}", socket, e.getMessage());
        }
        pool.shutdown();
        refusals.shutdown();
        streaming.forEach(ResponseWriter::closeStreams); // the commands end, then say why
        monitors.shutdown();
        try {
            monitors.awaitTermination(DRAIN_MILLIS + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.shutdownNow();
        if (acceptor != null) {
            try {
                acceptor.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel connection;
            try {
                connection = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "control socket {0}: accept failed: {1}", socket, e.getMessage());
                continue;
            }
            admit(connection);
        }
    }

    private void admit(SocketChannel connection) {
        String refusal = refusal(connection);
        if (refusal != null) {
            LOG.log(Level.WARNING, "control socket {0}: refused a connection: {1}", socket, refusal);
            refuse(connection, "setkey: permission denied: the gateway accepts commands only from its own user");
            return;
        }
        try {
            pool.execute(() -> serve(connection));
        } catch (RejectedExecutionException e) {
            LOG.log(Level.WARNING, "control socket {0}: busy, refused a connection", socket);
            refuse(connection, "setkey: the gateway is busy, try again");
        }
    }

    /** Why {@code connection}'s peer may not use the socket, or null when it may. */
    private String refusal(SocketChannel connection) {
        UnixDomainPrincipal peer;
        try {
            peer = connection.getOption(ExtendedSocketOptions.SO_PEERCRED);
        } catch (IOException | UnsupportedOperationException e) {
            return "peer credentials unavailable (" + e.getMessage() + ")";
        }
        return PeerCheck.refusal(peer, allowed);
    }

    private void serve(SocketChannel connection) {
        boolean handedOver = false;
        try {
            ResponseWriter response = new ResponseWriter(deadlineSink(connection));
            CommandRequest request = readRequest(connection, response);
            if (request != null && StreamingCommands.streams(request.arguments())) {
                handedOver = handOver(connection, response, request);
                if (!handedOver) {
                    finish(connection);
                }
                return;
            }
            if (request != null) {
                try {
                    response.exit(run(request, response));
                } finally {
                    request.wipe();
                }
            }
            finish(connection);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "control socket {0}: connection ended: {1}", socket, e.getMessage());
        } finally {
            if (!handedOver) {
                closeQuietly(connection);
            }
        }
    }

    /** Runs a streaming command on a monitor thread; false (after answering) when there is none free. */
    private boolean handOver(SocketChannel connection, ResponseWriter response, CommandRequest request)
            throws IOException {
        try {
            if (monitorLimit > 0 && !closed) {
                monitors.execute(() -> stream(connection, response, request));
                return true;
            }
        } catch (RejectedExecutionException e) {
            // all monitor threads are busy, or the server is closing
        }
        request.wipe();
        LOG.log(Level.WARNING, "control socket {0}: refused a monitor: {1} run already", socket, monitorLimit);
        response.error("setkey: too many monitors (setkey -x) run already (at most " + monitorLimit
                + "), try again later\n");
        response.exit(1);
        return false;
    }

    /** Serves a streaming command until it ends, its client goes away, or the server closes. */
    private void stream(SocketChannel connection, ResponseWriter response, CommandRequest request) {
        try (connection) {
            streaming.add(response);
            if (closed) {
                response.closeStreams(); // close() may have missed it
            }
            ClientWatch watch = new ClientWatch(connection, response::closeStreams,
                    Thread.currentThread().getName() + "-client");
            int status;
            try {
                status = run(request, response);
            } finally {
                request.wipe();
                streaming.remove(response);
                Thread.interrupted(); // an interrupt (the setkey service going away) would close the channel
            }
            if (closed) {
                response.error(CLOSING_MESSAGE + "\n");
                status = 1;
            }
            response.exit(status);
            connection.shutdownOutput();
            watch.awaitClose(DRAIN_MILLIS);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "control socket {0}: monitor connection ended: {1}", socket, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the connection closes with this block
        }
    }

    /**
     * Ends the response and discards what the client sent that was not read (e.g. the rest of a refused request):
     * on a Unix domain socket, closing with unread bytes would make the client's read fail with "connection reset"
     * instead of showing our reply. Waits for the client to close, within a short deadline and a byte budget.
     */
    private void finish(SocketChannel connection) {
        ScheduledFuture<?> deadline = null;
        try {
            connection.shutdownOutput();
            deadline = deadline(connection, Math.min(timeout.toMillis(), DRAIN_MILLIS));
            ByteBuffer scratch = ByteBuffer.allocate(4096);
            long budget = ControlProtocol.MAX_COMMAND_PAYLOAD + (long) ControlProtocol.HEADER_LENGTH;
            int n;
            while (budget > 0 && (n = connection.read(scratch.clear())) > 0) {
                budget -= n;
            }
        } catch (IOException e) {
            // the client is gone or the deadline passed: nothing left to protect
        } finally {
            cancel(deadline);
        }
    }

    /** Reads the command within the timeout; answers a bad one and returns null. */
    private CommandRequest readRequest(SocketChannel connection, ResponseWriter response) throws IOException {
        ScheduledFuture<?> deadline = deadline(connection, timeout.toMillis());
        Frame frame = null;
        try {
            InputStream in = Channels.newInputStream(connection);
            frame = Frame.read(in, ControlProtocol.COMMAND);
            if (frame == null) {
                return null;
            }
            return CommandRequest.decode(frame.payload());
        } catch (ControlProtocolException e) {
            LOG.log(Level.WARNING, "control socket {0}: bad request: {1}", socket, e.getMessage());
            response.error("setkey: bad request: " + e.getMessage() + "\n");
            response.exit(1);
            return null;
        } catch (AsynchronousCloseException e) {
            LOG.log(Level.WARNING, "control socket {0}: request not complete within {1} s, connection closed",
                    socket, timeout.toSeconds());
            return null;
        } finally {
            cancel(deadline);
            if (frame != null) {
                Arrays.fill(frame.payload(), (byte) 0);
            }
        }
    }

    private int run(CommandRequest request, ResponseWriter response) {
        PrintStream out = response.stream(ControlProtocol.STDOUT);
        PrintStream err = response.stream(ControlProtocol.STDERR);
        int status;
        try {
            status = setkey.run(request.arguments(), new ByteArrayInputStream(request.input()), out, err);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "control socket {0}: setkey failed with {1}", socket, e.getClass().getName());
            err.println("setkey: internal error: " + e.getClass().getName());
            status = 1;
        }
        out.flush();
        err.flush();
        return status;
    }

    /** Writes to {@code connection}, closing it if one write takes longer than the timeout. */
    private ResponseWriter.Sink deadlineSink(SocketChannel connection) {
        OutputStream out = Channels.newOutputStream(connection);
        return (buf, off, len) -> {
            ScheduledFuture<?> deadline = deadline(connection, timeout.toMillis());
            try {
                out.write(buf, off, len);
            } finally {
                cancel(deadline);
            }
        };
    }

    /** Answers {@code message} on a thread of its own (never the pool's), or just closes when that is busy too. */
    private void refuse(SocketChannel connection, String message) {
        try {
            refusals.execute(() -> replyAndClose(connection, message));
        } catch (RejectedExecutionException e) {
            closeQuietly(connection);
        }
    }

    private void replyAndClose(SocketChannel connection, String message) {
        try (connection) {
            ResponseWriter response = new ResponseWriter(deadlineSink(connection));
            response.error(message + "\n");
            response.exit(1);
            finish(connection);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "control socket {0}: could not send refusal: {1}", socket, e.getMessage());
        }
    }

    /**
     * Closes {@code connection} in {@code millis} unless the returned future is cancelled first. While the server
     * closes, the watchdog takes no new deadlines: the connection is closed at once and null returned.
     */
    private ScheduledFuture<?> deadline(SocketChannel connection, long millis) {
        try {
            return watchdog.schedule(() -> closeQuietly(connection), millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            closeQuietly(connection);
            return null;
        }
    }

    private static void cancel(ScheduledFuture<?> deadline) {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    private static void closeQuietly(SocketChannel connection) {
        try {
            connection.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
