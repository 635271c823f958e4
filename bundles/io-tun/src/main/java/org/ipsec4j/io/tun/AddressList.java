package org.ipsec4j.io.tun;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.ipsec4j.api.policy.IpPrefix;

/** The {@code addresses} property of a port: {@code addr/len} entries separated by commas (or given as a list). */
final class AddressList {
    private AddressList() {
    }

    /**
     * Parses every entry of every value. Each must be a literal IPv4 or IPv6 address (never a host name: nothing is
     * looked up) with a prefix length, unicast and specified.
     *
     * @throws IllegalArgumentException naming the first bad entry
     */
    static List<IpPrefix> parse(String... values) {
        List<IpPrefix> out = new ArrayList<>();
        for (String value : values) {
            if (value == null) continue;
            for (String entry : value.split(",")) {
                String e = entry.trim();
                if (!e.isEmpty()) out.add(parseOne(e));
            }
        }
        return List.copyOf(out);
    }

    private static IpPrefix parseOne(String e) {
        int slash = e.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("address " + e + " has no prefix length (addr/len)");
        String addr = e.substring(0, slash);
        if (addr.isEmpty() || !addr.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            throw new IllegalArgumentException("not an IP address: " + e);
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(addr);
        } catch (UnknownHostException ex) {
            throw new IllegalArgumentException("not an IP address: " + e);
        }
        if (a.isMulticastAddress() || a.isAnyLocalAddress()) {
            throw new IllegalArgumentException("not a unicast address: " + e);
        }
        int len;
        try {
            len = Integer.parseInt(e.substring(slash + 1));
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("bad prefix length: " + e);
        }
        try {
            return new IpPrefix(a, len);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("bad prefix length: " + e);
        }
    }
}
