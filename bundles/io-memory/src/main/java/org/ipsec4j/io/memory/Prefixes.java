package org.ipsec4j.io.memory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.ipsec4j.api.policy.IpPrefix;

/** {@code addr/len} from configuration text: numeric addresses only, never DNS. */
public final class Prefixes {
    private Prefixes() {
    }

    /** Parses {@code addr/len} (a bare address is a host prefix). */
    public static IpPrefix parse(String s) {
        String t = s.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (!addr.matches("[0-9.]+") && !(addr.contains(":") && addr.matches("[0-9A-Fa-f:.]+"))) {
            throw new IllegalArgumentException("not a numeric address: " + t);
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(addr);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a numeric address: " + t, e);
        }
        if (slash < 0) return IpPrefix.host(a);
        try {
            return new IpPrefix(a, Integer.parseInt(t.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length: " + t, e);
        }
    }
}
