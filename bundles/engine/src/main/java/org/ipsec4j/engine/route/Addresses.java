package org.ipsec4j.engine.route;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.ipsec4j.api.policy.IpPrefix;

/** Numeric IPv4 and IPv6 addresses and prefixes from text, never through DNS. */
public final class Addresses {
    private Addresses() {
    }

    /** A numeric address; throws {@link IllegalArgumentException} for anything else (host names included). */
    public static InetAddress parse(String s) {
        String t = s.trim();
        boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = t.indexOf(':') >= 0 && t.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) throw new IllegalArgumentException("not a numeric IP address: " + t);
        if (v4) {
            for (String part : t.split("\\.")) {
                if (Integer.parseInt(part) > 255) throw new IllegalArgumentException("not a numeric IP address: " + t);
            }
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a numeric IP address: " + t, e);
        }
    }

    /** {@code addr/len}, or a bare address as a host prefix. */
    public static IpPrefix prefix(String s) {
        String t = s.trim();
        int slash = t.indexOf('/');
        if (slash < 0) return IpPrefix.host(parse(t));
        InetAddress a = parse(t.substring(0, slash));
        int len;
        try {
            len = Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length: " + t);
        }
        return new IpPrefix(a, len);
    }

    /** A comma-separated list of {@code addr/len}; blank entries are skipped. */
    public static List<IpPrefix> prefixes(String s) {
        List<IpPrefix> out = new ArrayList<>();
        if (s == null) return out;
        for (String e : s.split(",")) {
            if (!e.isBlank()) out.add(prefix(e));
        }
        return out;
    }
}
