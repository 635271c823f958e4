package org.ipsec4j.engine.forward;

/**
 * KAME's {@code icmplim}: at most N ICMP and ICMPv6 errors per second, counted in one-second windows
 * ({@code ppsratecheck}). Only taken when an error is about to be sent.
 */
final class IcmpRateLimit {
    private long windowStart;
    private int sent;

    /** Whether one more error may go out at {@code nanos}, with {@code perSecond} allowed (0: none). */
    synchronized boolean tryAcquire(long nanos, int perSecond) {
        if (nanos - windowStart >= 1_000_000_000L || sent == 0 && windowStart == 0) {
            windowStart = nanos;
            sent = 0;
        }
        if (sent >= perSecond) return false;
        sent++;
        return true;
    }
}
