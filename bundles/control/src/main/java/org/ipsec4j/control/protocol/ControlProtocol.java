package org.ipsec4j.control.protocol;

/**
 * Constants of the control protocol spoken on a gateway's control socket (see {@code docs/control-protocol.md}).
 *
 * <p>Every frame is a 10-byte header followed by its payload:
 * <pre>
 *   0      4         5      6                10
 *   +------+---------+------+----------------+-----------------+
 *   | IPSK | version | type | payload length | payload ...     |
 *   +------+---------+------+----------------+-----------------+
 *    magic    = 1     byte   unsigned 32-bit, big-endian
 * </pre>
 * The client sends exactly one {@link #COMMAND} frame; the server answers with any number of {@link #STDOUT} and
 * {@link #STDERR} frames and ends with one {@link #EXIT} frame, then closes the connection.
 */
public final class ControlProtocol {
    /** The four bytes every frame starts with: {@code "IPSK"}. */
    public static final byte[] MAGIC = {'I', 'P', 'S', 'K'};
    /** The protocol version this implementation speaks. */
    public static final int VERSION = 1;
    /** Length of a frame header in bytes. */
    public static final int HEADER_LENGTH = 10;

    /** Client to server: setkey's arguments and its standard input. */
    public static final byte COMMAND = 'C';
    /** Server to client: a piece of setkey's standard output. */
    public static final byte STDOUT = 'O';
    /** Server to client: a piece of setkey's standard error. */
    public static final byte STDERR = 'E';
    /** Server to client: setkey's exit status, a signed 32-bit big-endian integer; always the last frame. */
    public static final byte EXIT = 'X';

    /** Largest {@link #COMMAND} payload: 16 MiB. */
    public static final int MAX_COMMAND_PAYLOAD = 16 << 20;
    /** Largest {@link #STDOUT} or {@link #STDERR} payload: 64 KiB. */
    public static final int MAX_CHUNK = 64 << 10;
    /** Most arguments in one command. */
    public static final int MAX_ARGUMENTS = 64;
    /** Longest argument, in UTF-8 bytes. */
    public static final int MAX_ARGUMENT_LENGTH = 4096;

    private ControlProtocol() {
    }

    /** The largest payload the reader of a frame of {@code type} accepts. */
    public static int maxPayload(byte type) {
        return switch (type) {
            case COMMAND -> MAX_COMMAND_PAYLOAD;
            case STDOUT, STDERR -> MAX_CHUNK;
            case EXIT -> 4;
            default -> 0;
        };
    }

    /** A printable name of frame type {@code type}, for error messages. */
    static String typeName(int type) {
        return type >= 0x21 && type < 0x7f ? "'" + (char) type + "'" : String.format("0x%02x", type & 0xff);
    }
}
