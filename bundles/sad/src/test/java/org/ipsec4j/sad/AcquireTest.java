package org.ipsec4j.sad;

import static org.ipsec4j.sad.Sas.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.ipsec4j.api.event.SadbEvents;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaProtocol;
import org.junit.jupiter.api.Test;

class AcquireTest {
    private final TestClock clock = new TestClock(1_700_000_000_000L);
    private final RecordingSink sink = new RecordingSink();
    private final SaTable table = new SaTable(clock, sink);

    private boolean acquire(String src, String dst, int reqid) {
        byte[] s = bytes(src);
        byte[] d = bytes(dst);
        return table.acquire(SaProtocol.ESP, IpsecMode.TUNNEL, s, 0, d, 0, s.length, reqid);
    }

    @Test
    void anAcquireIsPostedOncePerRequestAndBlockTime() {
        assertTrue(acquire("192.0.2.1", "198.51.100.1", 0));
        Map<String, Object> p = sink.last().properties();
        assertEquals(SadbEvents.TOPIC_ACQUIRE, sink.last().topic());
        assertEquals("192.0.2.1", p.get(SadbEvents.SOURCE));
        assertEquals("198.51.100.1", p.get(SadbEvents.DESTINATION));
        assertEquals("esp", p.get(SadbEvents.PROTOCOL));
        assertEquals("tunnel", p.get(SadbEvents.MODE));
        assertEquals(0, p.get(SadbEvents.REQID));

        assertFalse(acquire("192.0.2.1", "198.51.100.1", 0), "blocked");
        assertTrue(acquire("192.0.2.1", "198.51.100.2", 0), "another destination is another request");
        assertTrue(acquire("192.0.2.1", "198.51.100.1", 5), "another reqid too");
        clock.advanceSeconds(19);
        assertFalse(acquire("192.0.2.1", "198.51.100.1", 0));
        clock.advanceSeconds(1);
        assertTrue(acquire("192.0.2.1", "198.51.100.1", 0), "after the block time");
        assertTrue(acquire("2001:db8::1", "2001:db8::2", 0));
        assertEquals("2001:db8:0:0:0:0:0:2", sink.last().properties().get(SadbEvents.DESTINATION));
        assertEquals(5, sink.events.size());
    }
}
