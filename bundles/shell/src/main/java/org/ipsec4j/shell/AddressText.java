package org.ipsec4j.shell;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.ipsec4j.api.policy.IpPrefix;

/** Addresses for people: IPv6 in its short form (RFC 5952), numeric parsing that never asks DNS. */
final class AddressText {
    private AddressText() {
    }

    static String of(InetAddress a) {
        if (!(a instanceof Inet6Address)) return a.getHostAddress();
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }

    static String of(IpPrefix p) {
        return of(p.address()) + "/" + p.length();
    }

    /** A numeric IPv4 or IPv6 address. */
    static InetAddress parse(String s) {
        String t = s.trim();
        boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = t.contains(":") && t.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) throw new IllegalArgumentException("not a numeric IP address: " + t);
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a numeric IP address: " + t, e);
        }
    }

    /** {@code addr/len}, a bare address (a host route), or {@code default} of the family of {@code family}. */
    static IpPrefix prefix(String s, InetAddress family) {
        String t = s.trim();
        if (t.equals("default")) {
            boolean v6 = family instanceof Inet6Address;
            return new IpPrefix(parse(v6 ? "::" : "0.0.0.0"), 0);
        }
        int slash = t.indexOf('/');
        if (slash < 0) return IpPrefix.host(parse(t));
        try {
            return new IpPrefix(parse(t.substring(0, slash)), Integer.parseInt(t.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length: " + t);
        }
    }
}
