package org.ipsec4j.setkey.print;

import java.util.Map;
import org.ipsec4j.api.policy.Selector;

/**
 * Names of upper-layer protocols as {@code setkey -DP} shows them: {@code any} for any, otherwise the name of
 * {@code /etc/protocols} (ipsec-tools calls {@code getprotobynumber}), or the number where it has none.
 */
public final class UpperLayerNames {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "ip"), Map.entry(1, "icmp"), Map.entry(2, "igmp"), Map.entry(4, "ipencap"),
            Map.entry(6, "tcp"), Map.entry(8, "egp"), Map.entry(17, "udp"), Map.entry(41, "ipv6"),
            Map.entry(43, "ipv6-route"), Map.entry(44, "ipv6-frag"), Map.entry(46, "rsvp"), Map.entry(47, "gre"),
            Map.entry(50, "esp"), Map.entry(51, "ah"), Map.entry(58, "ipv6-icmp"), Map.entry(59, "ipv6-nonxt"),
            Map.entry(60, "ipv6-opts"), Map.entry(89, "ospf"), Map.entry(94, "ipip"), Map.entry(103, "pim"),
            Map.entry(108, "ipcomp"), Map.entry(112, "vrrp"), Map.entry(115, "l2tp"), Map.entry(132, "sctp"),
            Map.entry(135, "mobility-header"), Map.entry(136, "udplite"));

    /** IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_MH: the "ports" are type and code. */
    static boolean hasTypeAndCode(int protocol) {
        return protocol == 1 || protocol == 58 || protocol == 135;
    }

    /** IPPROTO_GRE: the "ports" are the two halves of the key. */
    static boolean isGre(int protocol) {
        return protocol == 47;
    }

    private UpperLayerNames() {
    }

    /** {@code any}, a protocol name, or the number. */
    public static String name(int protocol) {
        if (protocol == Selector.ANY_PROTOCOL) {
            return "any";
        }
        String n = NAMES.get(protocol);
        return n != null ? n : Integer.toString(protocol);
    }
}
