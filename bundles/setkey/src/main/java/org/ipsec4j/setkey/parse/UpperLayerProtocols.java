package org.ipsec4j.setkey.parse;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The upper-layer protocol names setkey(8) accepts in {@code spdadd}: the names and aliases of a usual
 * {@code /etc/protocols} (ipsec-tools calls {@code getprotobyname}), plus setkey's own {@code icmp6} and {@code ip4}.
 * A built-in table, so that parsing does not depend on the machine's files.
 */
final class UpperLayerProtocols {
    static final int ICMP = 1;
    static final int GRE = 47;
    static final int ICMPV6 = 58;
    static final int MOBILITY_HEADER = 135;

    private static final Map<String, Integer> BY_NAME = new HashMap<>();

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

    private static void add(int number, String... names) {
        for (String n : names) {
            BY_NAME.put(n, number);
        }
    }

    /** The protocol number of {@code name}, if it is a known name. */
    static OptionalInt byName(String name) {
        Integer n = BY_NAME.get(name);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** Whether the selector's "ports" of this protocol are a type and a code (ICMP, ICMPv6, Mobility Header). */
    static boolean hasTypeAndCode(int protocol) {
        return protocol == ICMP || protocol == ICMPV6 || protocol == MOBILITY_HEADER;
    }
}
