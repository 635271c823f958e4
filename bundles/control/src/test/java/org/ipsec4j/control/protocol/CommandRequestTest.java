package org.ipsec4j.control.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandRequestTest {
    private static final byte[] STATEMENTS =
            "add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n".getBytes(StandardCharsets.UTF_8);

    private static String decodeError(byte[] payload) {
        return assertThrows(ControlProtocolException.class, () -> CommandRequest.decode(payload)).getMessage();
    }

    @Test
    void encodesTheDocumentedLayout() throws IOException {
        byte[] payload = new CommandRequest(List.of("-c", "-v"), new byte[] {'x', ';'}).encode();
        assertArrayEquals(new byte[] {0, 2, 0, 2, '-', 'c', 0, 2, '-', 'v', 0, 0, 0, 2, 'x', ';'}, payload);
    }

    @Test
    void roundTrips() throws IOException {
        CommandRequest decoded = CommandRequest.decode(new CommandRequest(List.of("-c", "ünïcode"), STATEMENTS)
                .encode());
        assertEquals(List.of("-c", "ünïcode"), decoded.arguments());
        assertArrayEquals(STATEMENTS, decoded.input());
        CommandRequest empty = CommandRequest.decode(new CommandRequest(List.of(), new byte[0]).encode());
        assertEquals(List.of(), empty.arguments());
        assertEquals(0, empty.input().length);
    }

    @Test
    void wipeZeroesTheInput() {
        byte[] input = STATEMENTS.clone();
        new CommandRequest(List.of("-c"), input).wipe();
        assertArrayEquals(new byte[STATEMENTS.length], input);
    }

    @Test
    void rejectsTruncatedPayloads() throws IOException {
        byte[] good = new CommandRequest(List.of("-c"), STATEMENTS).encode();
        assertEquals("command truncated in the argument count", decodeError(new byte[1]));
        assertEquals("command truncated in the argument length", decodeError(Arrays.copyOf(good, 3)));
        assertEquals("command truncated in argument 1", decodeError(Arrays.copyOf(good, 5)));
        assertEquals("command truncated in the input length", decodeError(Arrays.copyOf(good, 7)));
        assertEquals("input length 55 does not match the 54 bytes that follow",
                decodeError(Arrays.copyOf(good, good.length - 1)));
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] good = new CommandRequest(List.of("-D"), new byte[0]).encode();
        assertEquals("input length 0 does not match the 1 bytes that follow",
                decodeError(Arrays.copyOf(good, good.length + 1)));
    }

    @Test
    void rejectsTooManyOrTooLongArguments() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DataOutputStream(bytes).writeShort(ControlProtocol.MAX_ARGUMENTS + 1);
        assertEquals("too many arguments (65, at most 64)", decodeError(bytes.toByteArray()));

        ByteArrayOutputStream longArg = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(longArg);
        out.writeShort(1);
        out.writeShort(ControlProtocol.MAX_ARGUMENT_LENGTH + 1);
        out.write(new byte[ControlProtocol.MAX_ARGUMENT_LENGTH + 1]);
        out.writeInt(0);
        assertEquals("argument 1 of 4097 bytes is over the limit of 4096", decodeError(longArg.toByteArray()));

        assertThrows(ControlProtocolException.class, () -> new CommandRequest(
                Collections.nCopies(ControlProtocol.MAX_ARGUMENTS + 1, "-v"), new byte[0]).encode());
        assertThrows(ControlProtocolException.class, () -> new CommandRequest(
                List.of("x".repeat(ControlProtocol.MAX_ARGUMENT_LENGTH + 1)), new byte[0]).encode());
    }

    @Test
    void rejectsArgumentsThatAreNotUtf8() {
        byte[] payload = {0, 1, 0, 2, (byte) 0xc3, (byte) 0x28, 0, 0, 0, 0};
        assertEquals("argument 1 is not valid UTF-8", decodeError(payload));
    }

    @Test
    void encoderRefusesInputOverTheLimit() {
        byte[] input = new byte[ControlProtocol.MAX_COMMAND_PAYLOAD];
        assertEquals("command of 16777222 bytes is over the limit of 16777216 bytes", assertThrows(
                ControlProtocolException.class, () -> new CommandRequest(List.of(), input).encode()).getMessage());
    }
}
