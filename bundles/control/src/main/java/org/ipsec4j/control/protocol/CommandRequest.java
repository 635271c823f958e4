package org.ipsec4j.control.protocol;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The payload of a {@link ControlProtocol#COMMAND} frame: setkey's arguments and its standard input.
 *
 * <pre>
 *   u16 argc                      at most {@link ControlProtocol#MAX_ARGUMENTS}
 *   argc times: u16 length, UTF-8 bytes   each at most {@link ControlProtocol#MAX_ARGUMENT_LENGTH} bytes
 *   u32 input length, input bytes
 * </pre>
 * All integers are unsigned and big-endian; nothing may follow the input.
 *
 * <p>The input may hold key material: whoever is done with a request calls {@link #wipe()}.
 *
 * @param arguments setkey's command-line arguments
 * @param input setkey's standard input (statements for {@code -c}); empty when none
 */
public record CommandRequest(List<String> arguments, byte[] input) {
    /** Creates a request; the arguments are copied, the input is not. */
    public CommandRequest {
        arguments = List.copyOf(arguments);
    }

    /** Encodes this request as a command payload. */
    public byte[] encode() throws ControlProtocolException {
        if (arguments.size() > ControlProtocol.MAX_ARGUMENTS) {
            throw new ControlProtocolException("too many arguments (" + arguments.size() + ", at most "
                    + ControlProtocol.MAX_ARGUMENTS + ")");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(input.length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeShort(arguments.size());
            for (String argument : arguments) {
                byte[] utf8 = argument.getBytes(StandardCharsets.UTF_8);
                if (utf8.length > ControlProtocol.MAX_ARGUMENT_LENGTH) {
                    throw new ControlProtocolException("argument of " + utf8.length + " bytes is over the limit of "
                            + ControlProtocol.MAX_ARGUMENT_LENGTH);
                }
                out.writeShort(utf8.length);
                out.write(utf8);
            }
            out.writeInt(input.length);
            out.write(input);
        } catch (ControlProtocolException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.size() > ControlProtocol.MAX_COMMAND_PAYLOAD) {
            throw new ControlProtocolException("command of " + bytes.size() + " bytes is over the limit of "
                    + ControlProtocol.MAX_COMMAND_PAYLOAD + " bytes");
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a command payload.
     *
     * @throws ControlProtocolException when the payload is truncated, has trailing bytes, too many or too long
     *     arguments, or an argument that is not valid UTF-8
     */
    public static CommandRequest decode(byte[] payload) throws ControlProtocolException {
        ByteBuffer buf = ByteBuffer.wrap(payload);
        int argc = unsignedShort(buf, "argument count");
        if (argc > ControlProtocol.MAX_ARGUMENTS) {
            throw new ControlProtocolException("too many arguments (" + argc + ", at most "
                    + ControlProtocol.MAX_ARGUMENTS + ")");
        }
        List<String> arguments = new ArrayList<>(argc);
        for (int i = 0; i < argc; i++) {
            int length = unsignedShort(buf, "argument length");
            if (length > ControlProtocol.MAX_ARGUMENT_LENGTH) {
                throw new ControlProtocolException("argument " + (i + 1) + " of " + length
                        + " bytes is over the limit of " + ControlProtocol.MAX_ARGUMENT_LENGTH);
            }
            arguments.add(utf8(slice(buf, length, "argument " + (i + 1)), i + 1));
        }
        if (buf.remaining() < 4) {
            throw new ControlProtocolException("command truncated in the input length");
        }
        long inputLength = buf.getInt() & 0xffffffffL;
        if (inputLength != buf.remaining()) {
            throw new ControlProtocolException("input length " + inputLength + " does not match the "
                    + buf.remaining() + " bytes that follow");
        }
        byte[] input = new byte[buf.remaining()];
        buf.get(input);
        return new CommandRequest(arguments, input);
    }

    /** Overwrites the input with zeros (it may hold keys). */
    public void wipe() {
        Arrays.fill(input, (byte) 0);
    }

    private static int unsignedShort(ByteBuffer buf, String what) throws ControlProtocolException {
        if (buf.remaining() < 2) {
            throw new ControlProtocolException("command truncated in the " + what);
        }
        return buf.getShort() & 0xffff;
    }

    private static ByteBuffer slice(ByteBuffer buf, int length, String what) throws ControlProtocolException {
        if (buf.remaining() < length) {
            throw new ControlProtocolException("command truncated in " + what);
        }
        ByteBuffer slice = buf.slice(buf.position(), length);
        buf.position(buf.position() + length);
        return slice;
    }

    private static String utf8(ByteBuffer bytes, int index) throws ControlProtocolException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ControlProtocolException("argument " + index + " is not valid UTF-8");
        }
    }
}
