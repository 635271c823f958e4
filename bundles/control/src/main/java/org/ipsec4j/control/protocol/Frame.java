package org.ipsec4j.control.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One frame of the control protocol: its type and payload. {@link #read} checks the header strictly before it
 * allocates anything, so a peer cannot make the reader allocate more than the type's limit.
 *
 * @param type one of {@link ControlProtocol#COMMAND}, {@code STDOUT}, {@code STDERR}, {@code EXIT}
 * @param payload the payload bytes (owned by the frame)
 */
public record Frame(byte type, byte[] payload) {
    /**
     * Reads one frame.
     *
     * @param in the stream to read
     * @param expected the frame types the caller accepts here
     * @return the frame, or {@code null} when the stream ended cleanly before a frame began
     * @throws ControlProtocolException when the header is not a valid header of an expected type or the payload is
     *     longer than the type allows
     * @throws EOFException when the stream ends inside a frame
     */
    public static Frame read(InputStream in, byte... expected) throws IOException {
        byte[] header = new byte[ControlProtocol.HEADER_LENGTH];
        int got = in.readNBytes(header, 0, header.length);
        if (got == 0) {
            return null;
        }
        if (got < header.length) {
            throw new EOFException("connection closed inside a frame header");
        }
        for (int i = 0; i < ControlProtocol.MAGIC.length; i++) {
            if (header[i] != ControlProtocol.MAGIC[i]) {
                throw new ControlProtocolException("not a control protocol frame (bad magic)");
            }
        }
        if (header[4] != ControlProtocol.VERSION) {
            throw new ControlProtocolException("unsupported protocol version " + (header[4] & 0xff)
                    + " (this side speaks " + ControlProtocol.VERSION + ")");
        }
        byte type = header[5];
        if (!contains(expected, type)) {
            throw new ControlProtocolException("unexpected frame type " + ControlProtocol.typeName(type));
        }
        long length = ((header[6] & 0xffL) << 24) | ((header[7] & 0xff) << 16) | ((header[8] & 0xff) << 8)
                | (header[9] & 0xff);
        int limit = ControlProtocol.maxPayload(type);
        if (length > limit) {
            throw new ControlProtocolException("frame " + ControlProtocol.typeName(type) + " of " + length
                    + " bytes is over the limit of " + limit + " bytes");
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException("connection closed inside a frame of " + length + " bytes");
        }
        return new Frame(type, payload);
    }

    /** Writes one frame of {@code type} with payload {@code buf[off, off + len)}; does not flush. */
    public static void write(OutputStream out, byte type, byte[] buf, int off, int len) throws IOException {
        if (len < 0 || len > ControlProtocol.maxPayload(type)) {
            throw new IllegalArgumentException("payload of " + len + " bytes for frame "
                    + ControlProtocol.typeName(type));
        }
        byte[] header = {
            ControlProtocol.MAGIC[0], ControlProtocol.MAGIC[1], ControlProtocol.MAGIC[2], ControlProtocol.MAGIC[3],
            (byte) ControlProtocol.VERSION, type,
            (byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len
        };
        out.write(header);
        out.write(buf, off, len);
    }

    /** Writes an {@link ControlProtocol#EXIT} frame with {@code status}; does not flush. */
    public static void writeExit(OutputStream out, int status) throws IOException {
        byte[] payload = {(byte) (status >>> 24), (byte) (status >>> 16), (byte) (status >>> 8), (byte) status};
        write(out, ControlProtocol.EXIT, payload, 0, payload.length);
    }

    /** The exit status carried by this {@link ControlProtocol#EXIT} frame. */
    public int exitStatus() throws ControlProtocolException {
        if (type != ControlProtocol.EXIT || payload.length != 4) {
            throw new ControlProtocolException("malformed exit frame");
        }
        return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8)
                | (payload[3] & 0xff);
    }

    private static boolean contains(byte[] types, byte type) {
        for (byte t : types) {
            if (t == type) {
                return true;
            }
        }
        return false;
    }
}
