package org.ipsec4j.itests.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.ipsec4j.control.protocol.CommandRequest;
import org.ipsec4j.control.protocol.ControlProtocol;
import org.ipsec4j.control.protocol.ControlProtocolException;
import org.ipsec4j.control.protocol.Frame;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target: the control socket's request reader, as {@code ControlServer} runs it: {@link Frame#read} of a
 * {@link ControlProtocol#COMMAND} frame, then {@link CommandRequest#decode}. Any bytes give a request or a protocol
 * error ({@link ControlProtocolException}, or {@link EOFException} for a stream that ends inside a frame), never
 * another exception, within the time bound, and the reader allocates in proportion to the bytes that really arrived,
 * whatever the lengths in the frame claim (up to 16 MiB). A request that decodes encodes back to the same payload,
 * within the protocol's limits.
 */
class ControlRequestFuzzTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void readRequest(byte[] data) throws Exception {
        read(data); // once to load the classes a path needs (and, fuzzing, to instrument them): not the reader's cost
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        Object[] result = read(data);
        long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
        // what arrived, a few copies of it (frame, request, strings), and fixed overhead: never what a length claims
        assertTrue(allocated <= 256 * 1024 + 16L * data.length,
                "allocated " + allocated + " bytes reading " + data.length);
        Frame frame = (Frame) result[0];
        CommandRequest request = (CommandRequest) result[1];
        if (request != null) {
            assertTrue(request.arguments().size() <= ControlProtocol.MAX_ARGUMENTS);
            for (String a : request.arguments()) {
                assertTrue(a.getBytes(StandardCharsets.UTF_8).length <= ControlProtocol.MAX_ARGUMENT_LENGTH);
            }
            assertArrayEquals(frame.payload(), request.encode(), "decode then encode gives the payload back");
            request.wipe();
            for (byte b : request.input()) {
                assertTrue(b == 0, "wipe zeroes the input");
            }
        }
    }

    /** The frame and the request, or nulls where the reader refused. */
    private static Object[] read(byte[] data) throws Exception {
        try {
            Frame frame = Frame.read(new ByteArrayInputStream(data), ControlProtocol.COMMAND);
            return new Object[] {frame, frame == null ? null : CommandRequest.decode(frame.payload())};
        } catch (ControlProtocolException | EOFException expected) {
            return new Object[] {null, null};
        }
    }
}
