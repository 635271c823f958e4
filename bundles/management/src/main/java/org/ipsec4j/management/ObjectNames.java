package org.ipsec4j.management;

import java.net.Inet6Address;
import java.net.InetAddress;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.ipsec4j.api.sa.SaId;

/**
 * The ObjectNames of the gateway's MBeans, all in the domain {@value #DOMAIN}:
 * <ul>
 * <li>{@code org.ipsec4j:type=SA,dst=10.2.2.2,proto=esp,spi=0x0000270e}: one SA, by what identifies it (destination,
 * protocol by its setkey name, SPI or CPI as 8 hex digits);</li>
 * <li>{@code org.ipsec4j:type=Port,name=eth0}: one port of the engine;</li>
 * <li>{@code org.ipsec4j:type=Statistics,protocol=ipsec}: the counters of one protocol, as {@code ipsec:stat} shows
 * them ({@code ipsec}, {@code ip}, {@code ip6}, {@code icmp}, {@code icmp6}).</li>
 * </ul>
 * A value holding a character that ObjectNames reserve ({@code , = : " * ?}) is quoted, as IPv6 addresses are:
 * {@code dst="2001:db8::2"}. IPv6 addresses are compressed as RFC 5952 says (and as {@code setkey -D} shows them).
 */
public final class ObjectNames {
    /** The domain of every ipsec4j MBean. */
    public static final String DOMAIN = "org.ipsec4j";

    private ObjectNames() {
    }

    /** The name of the MBean of the SA {@code id}. */
    public static ObjectName sa(SaId id) {
        return name("type=SA,dst=" + value(address(id.destination())) + ",proto=" + value(id.protocol().setkeyName())
                + ",spi=" + String.format("0x%08x", id.spiUnsigned()));
    }

    /** The name of the MBean of the port {@code port}. */
    public static ObjectName port(String port) {
        return name("type=Port,name=" + value(port));
    }

    /** The name of the MBean of the counters of {@code protocol}. */
    public static ObjectName statistics(String protocol) {
        return name("type=Statistics,protocol=" + value(protocol));
    }

    /** The pattern of every MBean of {@code type} ({@code SA}, {@code Port}, {@code Statistics}). */
    public static ObjectName all(String type) {
        return name("type=" + value(type) + ",*");
    }

    private static ObjectName name(String properties) {
        try {
            return new ObjectName(DOMAIN + ":" + properties);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** {@code text} as an ObjectName value: as it is, or quoted when it holds a reserved character. */
    static String value(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '=' || c == ':' || c == '"' || c == '*' || c == '?' || c == '\n' || c == '\\') {
                return ObjectName.quote(text);
            }
        }
        return text.isEmpty() ? ObjectName.quote(text) : text;
    }

    /** An address as text: IPv4 dotted, IPv6 compressed (RFC 5952: the longest run of zero groups as {@code ::}). */
    static String address(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not compressed
        for (int i = 0; i < 8;) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
