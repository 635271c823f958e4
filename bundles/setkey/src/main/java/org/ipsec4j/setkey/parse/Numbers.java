package org.ipsec4j.setkey.parse;

/** Overflow-safe reading of the unsigned numbers of the setkey language ({@code max} is at most Long.MAX_VALUE). */
final class Numbers {
    /** What {@link #decimal} and {@link #hex} return for text that is not a number of their kind. */
    static final long NOT_A_NUMBER = -1;
    /** What they return for a number larger than the given maximum. */
    static final long TOO_LARGE = -2;

    private Numbers() {
    }

    static boolean isDecimal(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} is {@code 0x} or {@code 0X} followed by at least one hex digit and nothing else. */
    static boolean isHex(String s) {
        if (s.length() < 3 || s.charAt(0) != '0' || (s.charAt(1) != 'x' && s.charAt(1) != 'X')) {
            return false;
        }
        for (int i = 2; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
                return false;
            }
        }
        return true;
    }

    /** The value of decimal digits {@code s}, {@link #NOT_A_NUMBER} or {@link #TOO_LARGE} (above {@code max}). */
    static long decimal(String s, long max) {
        if (!isDecimal(s)) {
            return NOT_A_NUMBER;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = s.charAt(i) - '0';
            if (max - d < 0 || v > (max - d) / 10) {
                return TOO_LARGE;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** The value of {@code 0x...} text {@code s}, {@link #NOT_A_NUMBER} or {@link #TOO_LARGE} (above {@code max}). */
    static long hex(String s, long max) {
        if (!isHex(s)) {
            return NOT_A_NUMBER;
        }
        long v = 0;
        for (int i = 2; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (max - d < 0 || v > (max - d) / 16) {
                return TOO_LARGE;
            }
            v = v * 16 + d;
        }
        return v;
    }
}
