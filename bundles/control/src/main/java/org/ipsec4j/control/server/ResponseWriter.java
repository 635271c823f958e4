package org.ipsec4j.control.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.ipsec4j.control.protocol.ControlProtocol;
import org.ipsec4j.control.protocol.Frame;

/**
 * The server's side of one response: turns setkey's standard output and error into {@code STDOUT}/{@code STDERR}
 * frames of at most {@link ControlProtocol#MAX_CHUNK} bytes and ends with the {@code EXIT} frame. Output is
 * buffered per stream; when setkey switches from one stream to the other, the pending bytes of the first are sent
 * before, so the client sees both in the order setkey wrote them. Once a write failed (the client went away or a write deadline
 * passed), further output is dropped; setkey itself is not disturbed.
 *
 * <p>{@link #closeStreams()} makes setkey's streams fail from then on (their writes and flushes throw, so a
 * {@link PrintStream#checkError()} turns true) while the server can still send its own frames: that is how a
 * streaming command ({@code setkey -x}) is told to stop, without interrupting its thread, whose interrupt would close
 * the channel under a write.
 */
final class ResponseWriter {
    /** Writes raw bytes to the client, within whatever deadline the caller enforces. */
    interface Sink {
        void write(byte[] frame, int off, int len) throws IOException;
    }

    private final Sink sink;
    private boolean failed;
    private volatile boolean streamsClosed;
    private ChunkStream buffering;

    ResponseWriter(Sink sink) {
        this.sink = sink;
    }

    /** A print stream whose bytes become frames of {@code type} ({@link ControlProtocol#STDOUT} or {@code STDERR}). */
    PrintStream stream(byte type) {
        return new PrintStream(new ChunkStream(type), false, StandardCharsets.UTF_8);
    }

    /** Makes the streams of {@link #stream} fail from now on; {@link #error} and {@link #exit} still work. */
    void closeStreams() {
        streamsClosed = true;
    }

    /** Writes the final frame with {@code status}. */
    synchronized void exit(int status) throws IOException {
        if (failed) {
            throw new IOException("the client is gone");
        }
        FrameBytes frame = new FrameBytes();
        Frame.writeExit(frame, status);
        send(frame);
    }

    /** Sends {@code text} as one or more standard error frames. */
    void error(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int off = 0; off < bytes.length; off += ControlProtocol.MAX_CHUNK) {
            frame(ControlProtocol.STDERR, bytes, off, Math.min(ControlProtocol.MAX_CHUNK, bytes.length - off));
        }
    }

    private synchronized void frame(byte type, byte[] buf, int off, int len) throws IOException {
        if (failed) {
            throw new IOException("the client is gone");
        }
        FrameBytes frame = new FrameBytes();
        Frame.write(frame, type, buf, off, len);
        send(frame);
    }

    private void send(FrameBytes frame) throws IOException {
        try {
            sink.write(frame.buf(), 0, frame.size());
        } catch (IOException e) {
            failed = true;
            throw e;
        }
    }

    /** A byte array output stream that exposes its buffer without copying. */
    private static final class FrameBytes extends java.io.ByteArrayOutputStream {
        byte[] buf() {
            return buf;
        }
    }

    /** Collects up to one chunk and sends it as a frame when full or flushed. */
    private final class ChunkStream extends OutputStream {
        private final byte type;
        private final byte[] chunk = new byte[ControlProtocol.MAX_CHUNK];
        private int size;

        ChunkStream(byte type) {
            this.type = type;
        }

        /** Sends what the other stream holds before this one takes bytes. */
        private void takeTurn() throws IOException {
            checkOpen();
            ChunkStream other = buffering;
            buffering = this;
            if (other != null && other != this) {
                other.flush();
            }
        }

        @Override
        public void write(int b) throws IOException {
            takeTurn();
            if (size == chunk.length) {
                flush();
            }
            chunk[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            takeTurn();
            while (len > 0) {
                if (size == chunk.length) {
                    flush();
                }
                int n = Math.min(len, chunk.length - size);
                System.arraycopy(b, off, chunk, size, n);
                size += n;
                off += n;
                len -= n;
            }
        }

        private void checkOpen() throws IOException {
            if (streamsClosed) {
                size = 0;
                throw new IOException("the command was stopped");
            }
        }

        @Override
        public void flush() throws IOException {
            checkOpen();
            if (size > 0) {
                int n = size;
                size = 0;
                frame(type, chunk, 0, n);
            }
        }
    }
}
