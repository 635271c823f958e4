package org.ipsec4j.setkey.print;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Addresses as setkey(8) prints them ({@code getnameinfo(NI_NUMERICHOST)}, i.e. {@code inet_ntop}): IPv4 dotted, IPv6
 * in RFC 5952 form ({@code fe80::1}, lower case, the longest run of two or more zero groups compressed, the first on a
 * tie), with glibc's dotted tail for IPv4-compatible addresses ({@code ::10.1.2.3}). A scope is appended as
 * {@code %id}.
 */
public final class AddressFormat {
    private AddressFormat() {
    }

    public static String format(InetAddress a) {
        if (!(a instanceof Inet6Address v6)) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestBase = -1;
        int bestLen = 0;
        for (int i = 0; i < 8;) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) j++;
            if (j - i > bestLen) {
                bestBase = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) sb.append(':');
                continue;
            }
            if (i != 0) sb.append(':');
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff))) {
                sb.append(b[12] & 0xff).append('.').append(b[13] & 0xff).append('.')
                        .append(b[14] & 0xff).append('.').append(b[15] & 0xff);
                break;
            }
            sb.append(Integer.toHexString(w[i]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        if (v6.getScopeId() != 0) {
            sb.append('%').append(v6.getScopedInterface() != null ? v6.getScopedInterface().getName()
                    : Integer.toString(v6.getScopeId()));
        }
        return sb.toString();
    }
}
