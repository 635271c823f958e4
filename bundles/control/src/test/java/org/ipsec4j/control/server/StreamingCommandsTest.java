package org.ipsec4j.control.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which requests stream: those with {@code -x}, read as setkey(8) reads its options. */
class StreamingCommandsTest {
    @Test
    void monitorRequestsStream() {
        assertTrue(StreamingCommands.streams(List.of("-x")));
        assertTrue(StreamingCommands.streams(List.of("-xx")));
        assertTrue(StreamingCommands.streams(List.of("-x", "-x")));
        assertTrue(StreamingCommands.streams(List.of("-vx")));
        assertTrue(StreamingCommands.streams(List.of("-c", "-x")), "a usage error, which setkey reports, at once");
        assertTrue(StreamingCommands.streams(List.of("-f", "a.conf", "-x")));
    }

    @Test
    void otherRequestsDoNot() {
        assertFalse(StreamingCommands.streams(List.of()));
        assertFalse(StreamingCommands.streams(List.of("-D")));
        assertFalse(StreamingCommands.streams(List.of("-DP")));
        assertFalse(StreamingCommands.streams(List.of("-c")));
        assertFalse(StreamingCommands.streams(List.of("-fx")), "x is -f's file");
        assertFalse(StreamingCommands.streams(List.of("-f", "-x")), "-x is -f's file");
        assertFalse(StreamingCommands.streams(List.of("--", "-x")));
        assertFalse(StreamingCommands.streams(List.of("-D", "x", "-x")), "options end at the first other word");
    }
}
