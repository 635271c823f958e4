package org.ipsec4j.api.sa;

/**
 * A hard or soft lifetime of an SA ({@code -lh}/{@code -ls} seconds, {@code -bh}/{@code -bs} bytes in setkey(8)).
 * Zero means unlimited.
 *
 * @param seconds seconds after the SA was added
 * @param bytes   bytes protected or verified by the SA
 */
public record Lifetime(long seconds, long bytes) {
    /** No limit. */
    public static final Lifetime UNLIMITED = new Lifetime(0, 0);

    public Lifetime {
        if (seconds < 0 || bytes < 0) {
            throw new IllegalArgumentException("lifetime must not be negative");
        }
    }

    public Lifetime withSeconds(long s) {
        return new Lifetime(s, bytes);
    }

    public Lifetime withBytes(long b) {
        return new Lifetime(seconds, b);
    }

    public boolean isUnlimited() {
        return seconds == 0 && bytes == 0;
    }
}
