package org.ipsec4j.sad;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.ipsec4j.api.event.SadbEvents;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaProtocol;

/**
 * Raises {@code ACQUIRE} events for the data path, at most one per request (protocol, mode, endpoints, reqid) every
 * {@link #BLOCK_MILLIS}, like KAME's {@code blockacq_lifetime}. The memory of recent acquires is a fixed array of
 * slots, each packing a request's hash (high 32 bits) with the second it was raised (low 32 bits), read and written
 * without a lock: a suppressed acquire allocates nothing. Two requests whose hashes share a slot may let an extra
 * event through; none is ever lost for longer than the block time.
 */
final class AcquireLimiter {
    /** How long an acquire for the same request is suppressed. */
    static final long BLOCK_MILLIS = 20_000;
    private static final int SLOTS = 1024;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final Clock clock;
    private final SadEventSink events;
    private final long[] slots = new long[SLOTS];

    AcquireLimiter(Clock clock, SadEventSink events) {
        this.clock = clock;
        this.events = events;
        Arrays.fill(slots, -1L);
    }

    boolean raise(SaProtocol protocol, IpsecMode mode, byte[] src, int srcOff, byte[] dst, int dstOff, int len,
            int reqid) {
        if (len != 4 && len != 16) {
            return false;
        }
        int h = RecordChains.mix(EndpointIndex.hash(protocol, src, srcOff, dst, dstOff, len) * 31
                + mode.ordinal() * 7 + reqid);
        long now = clock.millis();
        long seconds = (now / 1000) & 0xFFFF_FFFFL;
        int i = h & (SLOTS - 1);
        long seen = (long) SLOT.getOpaque(slots, i);
        if (seen != -1L && (int) (seen >>> 32) == h
                && ((seconds - (seen & 0xFFFF_FFFFL)) & 0xFFFF_FFFFL) * 1000 < BLOCK_MILLIS) {
            return false;
        }
        long mark = ((long) h << 32) | seconds;
        if (!SLOT.compareAndSet(slots, i, seen, mark)) {
            return false; // another thread raised it (or a neighbour) just now
        }
        Map<String, Object> p = new HashMap<>();
        p.put(SadbEvents.TIMESTAMP, now);
        p.put(SadbEvents.SOURCE, text(src, srcOff, len));
        p.put(SadbEvents.DESTINATION, text(dst, dstOff, len));
        p.put(SadbEvents.PROTOCOL, protocol.setkeyName());
        p.put(SadbEvents.MODE, mode.setkeyName());
        p.put(SadbEvents.REQID, reqid);
        events.publish(SadbEvents.TOPIC_ACQUIRE, p);
        return true;
    }

    private static String text(byte[] buf, int off, int len) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(buf, off, off + len)).getHostAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // 4 or 16 bytes
        }
    }
}
