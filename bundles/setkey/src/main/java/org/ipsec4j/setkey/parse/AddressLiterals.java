package org.ipsec4j.setkey.parse;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Numeric IPv4 and IPv6 addresses as setkey input writes them, read without any name service or interface lookup:
 * dotted-quad IPv4 ({@code 192.0.2.1}), IPv6 in RFC 4291 text form ({@code 2001:db8::1},
 * {@code ::ffff:192.0.2.1}), with an optional zone ({@code fe80::1%2}, {@code fe80::1%lo0}). A numeric zone becomes
 * the address's scope id; an interface name is accepted and dropped, because {@link Inet6Address} can hold one only
 * for an interface that exists on this machine.
 */
final class AddressLiterals {
    private AddressLiterals() {
    }

    /** The address {@code text} stands for, or null when it is not a numeric address. */
    static InetAddress parse(String text) {
        int percent = text.indexOf('%');
        if (percent >= 0) {
            return ipv6WithZone(text.substring(0, percent), text.substring(percent + 1));
        }
        if (text.indexOf(':') >= 0) {
            byte[] b = ipv6(text);
            return b == null ? null : v6(b, -1);
        }
        byte[] b = ipv4(text);
        if (b == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Why {@code text}, which {@link #parse} refused, is not an address: a message for the user. */
    static String problem(String text) {
        if (text.indexOf(':') >= 0) {
            return "invalid IPv6 address " + SetkeyLexer.quote(text);
        }
        if (text.indexOf('%') >= 0) {
            return "invalid address " + SetkeyLexer.quote(text) + " (a zone %... belongs to IPv6 addresses only)";
        }
        boolean digitsAndDots = !text.isEmpty();
        boolean letter = false;
        boolean nameChars = !text.isEmpty();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            digitsAndDots &= (c >= '0' && c <= '9') || c == '.';
            letter |= Character.isLetter(c);
            nameChars &= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '.' || c == '_';
        }
        if (digitsAndDots) {
            return "invalid IPv4 address " + SetkeyLexer.quote(text)
                    + " (write four decimal numbers 0 to 255 without leading zeros, e.g. 192.0.2.1)";
        }
        if (letter && nameChars) {
            return "host names are not resolved: write a numeric IPv4 or IPv6 address instead of "
                    + SetkeyLexer.quote(text);
        }
        return "invalid address " + SetkeyLexer.quote(text);
    }

    private static InetAddress ipv6WithZone(String addr, String zone) {
        if (addr.indexOf(':') < 0 || zone.isEmpty()) {
            return null;
        }
        byte[] b = ipv6(addr);
        if (b == null) {
            return null;
        }
        long numeric = Numbers.decimal(zone, Integer.MAX_VALUE);
        if (numeric >= 0) {
            return v6(b, (int) numeric);
        }
        for (int i = 0; i < zone.length(); i++) {
            char c = zone.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-';
            if (!ok) {
                return null;
            }
        }
        return v6(b, -1);
    }

    private static InetAddress v6(byte[] b, int scope) {
        try {
            // Inet6Address keeps an IPv4-mapped address IPv6 (InetAddress.getByAddress would not); no lookup.
            return Inet6Address.getByAddress(null, b, scope);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Four decimal numbers 0..255 separated by dots, no leading zeros (which some resolvers read as octal). */
    static byte[] ipv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int i = 0;
        int n = s.length();
        while (true) {
            int start = i;
            int v = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 4) {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || v > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) v;
            if (part == 4) {
                return i == n ? out : null;
            }
            if (i >= n || s.charAt(i) != '.') {
                return null;
            }
            i++;
        }
    }

    /** RFC 4291 section 2.2 text: eight groups, {@code ::} once, an IPv4 tail allowed. */
    static byte[] ipv6(String s) {
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        int[] head = new int[8];
        int[] tail = new int[8];
        int nh;
        int nt = 0;
        if (dbl < 0) {
            nh = groups(s, head, true);
            if (nh != 8) {
                return null;
            }
        } else {
            nh = groups(s.substring(0, dbl), head, false);
            nt = groups(s.substring(dbl + 2), tail, true);
            if (nh < 0 || nt < 0 || nh + nt > 7) {
                return null;
            }
        }
        byte[] out = new byte[16];
        for (int g = 0; g < nh; g++) {
            out[2 * g] = (byte) (head[g] >> 8);
            out[2 * g + 1] = (byte) head[g];
        }
        for (int g = 0; g < nt; g++) {
            int at = 8 - nt + g;
            out[2 * at] = (byte) (tail[g] >> 8);
            out[2 * at + 1] = (byte) tail[g];
        }
        return out;
    }

    /** Reads colon-separated groups into {@code into}; returns their count, or -1 when malformed. */
    private static int groups(String s, int[] into, boolean ipv4TailAllowed) {
        if (s.isEmpty()) {
            return 0;
        }
        int count = 0;
        int i = 0;
        int n = s.length();
        while (true) {
            int end = s.indexOf(':', i);
            if (end < 0) {
                end = n;
            }
            String g = s.substring(i, end);
            if (g.indexOf('.') >= 0) {
                byte[] v4 = end == n && ipv4TailAllowed && count <= 6 ? ipv4(g) : null;
                if (v4 == null) {
                    return -1;
                }
                into[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                into[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                return count;
            }
            if (g.isEmpty() || g.length() > 4 || count == 8) {
                return -1;
            }
            int v = 0;
            for (int k = 0; k < g.length(); k++) {
                int d = Character.digit(g.charAt(k), 16);
                if (d < 0 || g.charAt(k) > 'f') {
                    return -1;
                }
                v = v * 16 + d;
            }
            into[count++] = v;
            if (end == n) {
                return count;
            }
            i = end + 1;
        }
    }
}
