package org.ipsec4j.setkey;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.ipsec4j.api.policy.Selector;

/**
 * The upper-layer protocols of setkey(8)'s {@code spdadd} and {@code setkey -DP}: the names and aliases of a usual
 * {@code /etc/protocols}, plus setkey's own {@code icmp6} and {@code ip4}. The parser accepts every name and alias
 * (ipsec-tools calls {@code getprotobyname}); the dump shows a protocol by its first name (ipsec-tools calls
 * {@code getprotobynumber}), or by its number where it has none. A built-in table, so that neither depends on the
 * machine's files.
 */
public final class UpperLayerProtocols {
    public static final int ICMP = 1;
    public static final int GRE = 47;
    public static final int ICMPV6 = 58;
    public static final int MOBILITY_HEADER = 135;

    private static final Map<String, Integer> BY_NAME = new HashMap<>();
    private static final String[] NAME_BY_NUMBER = new String[256];

    static {
        add(0, "ip", "IP", "hopopt", "HOPOPT");
        add(1, "icmp", "ICMP");
        add(2, "igmp", "IGMP");
        add(3, "ggp", "GGP");
        add(4, "ipencap", "IP-ENCAP", "ipv4", "IPv4", "ip4");
        add(5, "st", "ST");
        add(6, "tcp", "TCP");
        add(8, "egp", "EGP");
        add(9, "igp", "IGP");
        add(12, "pup", "PUP");
        add(17, "udp", "UDP");
        add(20, "hmp", "HMP");
        add(22, "xns-idp", "XNS-IDP");
        add(27, "rdp", "RDP");
        add(29, "iso-tp4", "ISO-TP4");
        add(33, "dccp", "DCCP");
        add(36, "xtp", "XTP");
        add(37, "ddp", "DDP");
        add(38, "idpr-cmtp", "IDPR-CMTP");
        add(41, "ipv6", "IPv6");
        add(43, "ipv6-route", "IPv6-Route");
        add(44, "ipv6-frag", "IPv6-Frag");
        add(45, "idrp", "IDRP");
        add(46, "rsvp", "RSVP");
        add(47, "gre", "GRE");
        add(50, "esp", "IPSEC-ESP");
        add(51, "ah", "IPSEC-AH");
        add(57, "skip", "SKIP");
        add(58, "ipv6-icmp", "IPv6-ICMP", "icmp6");
        add(59, "ipv6-nonxt", "IPv6-NoNxt");
        add(60, "ipv6-opts", "IPv6-Opts");
        add(73, "rspf", "RSPF", "CPHB");
        add(81, "vmtp", "VMTP");
        add(88, "eigrp", "EIGRP");
        add(89, "ospf", "OSPFIGP");
        add(93, "ax.25", "AX.25");
        add(94, "ipip", "IPIP");
        add(97, "etherip", "ETHERIP");
        add(98, "encap", "ENCAP");
        add(103, "pim", "PIM");
        add(108, "ipcomp", "IPCOMP");
        add(112, "vrrp", "VRRP");
        add(115, "l2tp", "L2TP");
        add(124, "isis", "ISIS");
        add(132, "sctp", "SCTP");
        add(133, "fc", "FC");
        add(135, "mobility-header", "Mobility-Header");
        add(136, "udplite", "UDPLite");
        add(137, "mpls-in-ip", "MPLS-in-IP");
        add(138, "manet");
        add(139, "hip", "HIP");
        add(140, "shim6", "Shim6");
        add(141, "wesp", "WESP");
        add(142, "rohc", "ROHC");
        add(143, "ethernet", "Ethernet");
    }

    private UpperLayerProtocols() {
    }

    /** One line of {@code /etc/protocols}: the number, its name, then its aliases. */
    private static void add(int number, String name, String... aliases) {
        NAME_BY_NUMBER[number] = name;
        BY_NAME.put(name, number);
        for (String a : aliases) {
            BY_NAME.put(a, number);
        }
    }

    /** The protocol number of {@code name} (a name or an alias), if it is a known one. */
    public static OptionalInt byName(String name) {
        Integer n = BY_NAME.get(name);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** As {@code setkey -DP} shows the protocol: {@code any}, its name, or its number where it has no name. */
    public static String name(int protocol) {
        if (protocol == Selector.ANY_PROTOCOL) {
            return "any";
        }
        String n = protocol >= 0 && protocol < NAME_BY_NUMBER.length ? NAME_BY_NUMBER[protocol] : null;
        return n != null ? n : Integer.toString(protocol);
    }

    /** Whether the selector's "ports" of this protocol are a type and a code (ICMP, ICMPv6, Mobility Header). */
    public static boolean hasTypeAndCode(int protocol) {
        return protocol == ICMP || protocol == ICMPV6 || protocol == MOBILITY_HEADER;
    }

    /** Whether the selector's "ports" of this protocol are the two halves of a key (GRE). */
    public static boolean isGre(int protocol) {
        return protocol == GRE;
    }
}
