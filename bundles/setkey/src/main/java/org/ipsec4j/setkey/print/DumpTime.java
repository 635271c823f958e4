package org.ipsec4j.setkey.print;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times as setkey(8) prints them: the 20 characters of {@code ctime(3)} after the weekday, e.g.
 * {@code Nov 27 10:00:00 2026} (the day padded with a space, {@code Nov  7}), or 20 spaces for "never".
 */
final class DumpTime {
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy", Locale.US);
    private static final String NEVER = " ".repeat(20);

    private DumpTime() {
    }

    /** {@code epochMillis} in {@code zone}, or 20 spaces when it is 0. */
    static String format(long epochMillis, ZoneId zone) {
        if (epochMillis == 0) {
            return NEVER;
        }
        String s = CTIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
        return s.length() == 20 ? s : (s + NEVER).substring(0, 20);
    }
}
