package org.ipsec4j.control.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Watches the client of a streaming command: a thread of its own reads the connection until the client shuts down
 * its sending side or closes (end of stream), and then runs {@code onEnd} (which stops the command's output, so that
 * {@code setkey -x} ends even while no event comes). The client is to send nothing after its command; what it sends
 * anyway is discarded up to {@link #BUDGET} bytes, beyond which the connection is closed. After the command, the same
 * reading drains the connection until the client closes (see {@link #awaitClose}).
 */
final class ClientWatch {
    /** How many bytes a client may send after its command before it is cut off. */
    static final int BUDGET = 64 << 10;

    private final SocketChannel connection;
    private final Runnable onEnd;
    private final Thread reader;

    /**
     * Starts watching.
     *
     * @param connection the client's connection
     * @param onEnd      what to do when the client's stream ends (or fails)
     * @param name       the watching thread's name
     */
    ClientWatch(SocketChannel connection, Runnable onEnd, String name) {
        this.connection = connection;
        this.onEnd = onEnd;
        this.reader = new Thread(this::watch, name);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    private void watch() {
        ByteBuffer scratch = ByteBuffer.allocate(4096);
        long budget = BUDGET;
        try {
            int n;
            while ((n = connection.read(scratch.clear())) >= 0) {
                budget -= n;
                if (budget < 0) {
                    connection.close();
                    break;
                }
            }
        } catch (IOException e) {
            // closed by us, or the client is gone: either way, there is no one to stream to
        }
        onEnd.run();
    }

    /**
     * Waits up to {@code millis} for the client to close (the watch reads to the end of its stream); returns false when
     * it did not, and the caller then closes the connection, which ends the watch.
     */
    boolean awaitClose(long millis) throws InterruptedException {
        reader.join(millis);
        return !reader.isAlive();
    }
}
