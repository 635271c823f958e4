package org.ipsec4j.control.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameTest {
    private static byte[] frame(byte type, byte[] payload) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Frame.write(out, type, payload, 0, payload.length);
        return out.toByteArray();
    }

    private static byte[] header(int magic0, int version, int type, long length) {
        return new byte[] {(byte) magic0, 'P', 'S', 'K', (byte) version, (byte) type,
            (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    @Test
    void writesTheDocumentedHeader() throws IOException {
        byte[] bytes = frame(ControlProtocol.STDOUT, new byte[] {'h', 'i'});
        assertArrayEquals(new byte[] {'I', 'P', 'S', 'K', 1, 'O', 0, 0, 0, 2, 'h', 'i'}, bytes);
    }

    @Test
    void roundTripsEveryType() throws IOException {
        for (byte type : new byte[] {ControlProtocol.COMMAND, ControlProtocol.STDOUT, ControlProtocol.STDERR}) {
            Frame read = Frame.read(new ByteArrayInputStream(frame(type, new byte[] {1, 2, 3})), type);
            assertEquals(type, read.type());
            assertArrayEquals(new byte[] {1, 2, 3}, read.payload());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Frame.writeExit(out, -2);
        Frame exit = Frame.read(new ByteArrayInputStream(out.toByteArray()), ControlProtocol.EXIT);
        assertEquals(-2, exit.exitStatus());
    }

    @Test
    void cleanEndBeforeAFrameIsNull() throws IOException {
        assertNull(Frame.read(new ByteArrayInputStream(new byte[0]), ControlProtocol.COMMAND));
    }

    @Test
    void endInsideTheHeaderOrPayloadIsEof() {
        EOFException inHeader = assertThrows(EOFException.class,
                () -> Frame.read(new ByteArrayInputStream(new byte[] {'I', 'P', 'S'}), ControlProtocol.COMMAND));
        assertEquals("connection closed inside a frame header", inHeader.getMessage());
        byte[] truncated = Arrays.copyOf(header('I', 1, 'C', 100), 60);
        EOFException inPayload = assertThrows(EOFException.class,
                () -> Frame.read(new ByteArrayInputStream(truncated), ControlProtocol.COMMAND));
        assertEquals("connection closed inside a frame of 100 bytes", inPayload.getMessage());
    }

    @Test
    void rejectsBadMagicVersionAndType() {
        assertEquals("not a control protocol frame (bad magic)", assertThrows(ControlProtocolException.class,
                () -> Frame.read(new ByteArrayInputStream(header('G', 1, 'C', 0)), ControlProtocol.COMMAND))
                .getMessage());
        assertEquals("unsupported protocol version 2 (this side speaks 1)", assertThrows(
                ControlProtocolException.class,
                () -> Frame.read(new ByteArrayInputStream(header('I', 2, 'C', 0)), ControlProtocol.COMMAND))
                .getMessage());
        assertEquals("unexpected frame type 'O'", assertThrows(ControlProtocolException.class,
                () -> Frame.read(new ByteArrayInputStream(header('I', 1, 'O', 0)), ControlProtocol.COMMAND))
                .getMessage());
        assertEquals("unexpected frame type 0x00", assertThrows(ControlProtocolException.class,
                () -> Frame.read(new ByteArrayInputStream(header('I', 1, 0, 0)), ControlProtocol.COMMAND))
                .getMessage());
    }

    @Test
    void rejectsOversizedPayloadsFromTheHeaderAlone() {
        // only the header is there: the reader must refuse before it tries to read (or allocate) the payload
        byte[] command = header('I', 1, 'C', ControlProtocol.MAX_COMMAND_PAYLOAD + 1L);
        assertEquals("frame 'C' of 16777217 bytes is over the limit of 16777216 bytes", assertThrows(
                ControlProtocolException.class,
                () -> Frame.read(new ByteArrayInputStream(command), ControlProtocol.COMMAND)).getMessage());
        byte[] huge = header('I', 1, 'C', 0xffffffffL);
        assertEquals("frame 'C' of 4294967295 bytes is over the limit of 16777216 bytes", assertThrows(
                ControlProtocolException.class,
                () -> Frame.read(new ByteArrayInputStream(huge), ControlProtocol.COMMAND)).getMessage());
        byte[] chunk = header('I', 1, 'O', ControlProtocol.MAX_CHUNK + 1L);
        assertThrows(ControlProtocolException.class,
                () -> Frame.read(new ByteArrayInputStream(chunk), ControlProtocol.STDOUT));
        byte[] exit = header('I', 1, 'X', 5);
        assertThrows(ControlProtocolException.class,
                () -> Frame.read(new ByteArrayInputStream(exit), ControlProtocol.EXIT));
    }

    @Test
    void acceptsPayloadsExactlyAtTheLimit() throws IOException {
        byte[] payload = new byte[ControlProtocol.MAX_CHUNK];
        payload[payload.length - 1] = 7;
        Frame read = Frame.read(new ByteArrayInputStream(frame(ControlProtocol.STDERR, payload)),
                ControlProtocol.STDERR);
        assertArrayEquals(payload, read.payload());
    }

    @Test
    void writerRefusesOversizedPayloads() {
        assertThrows(IllegalArgumentException.class, () -> Frame.write(new ByteArrayOutputStream(),
                ControlProtocol.STDOUT, new byte[ControlProtocol.MAX_CHUNK + 1], 0, ControlProtocol.MAX_CHUNK + 1));
    }

    @Test
    void exitStatusOfAShortExitFrameIsMalformed() {
        assertThrows(ControlProtocolException.class, () -> new Frame(ControlProtocol.EXIT, new byte[3]).exitStatus());
        assertThrows(ControlProtocolException.class,
                () -> new Frame(ControlProtocol.STDOUT, new byte[4]).exitStatus());
    }
}
