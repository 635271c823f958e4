package org.ipsec4j.io.pcap.live;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.io.pcap.ethernet.EthernetFrames;

/**
 * The BPF filter of a station's handle: frames to its MAC, broadcast ARP, and the IPv6 multicast neighbour discovery
 * needs (the solicited-node groups of its IPv6 addresses, all nodes); never frames it sent itself.
 */
final class StationFilter {
    private StationFilter() {
    }

    /** The Ethernet groups of neighbour discovery for {@code addresses}: all nodes and each solicited-node group. */
    static List<byte[]> multicastGroups(List<IpPrefix> addresses) {
        List<byte[]> groups = new java.util.ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (IpPrefix p : addresses) {
            if (p.isIpv4()) continue;
            if (groups.isEmpty()) groups.add(new byte[] {0x33, 0x33, 0, 0, 0, 1});
            byte[] a = p.address().getAddress();
            byte[] g = {0x33, 0x33, (byte) 0xff, a[13], a[14], a[15]};
            if (seen.add(EthernetFrames.formatMac(g, 0))) groups.add(g);
        }
        return groups;
    }

    static String expression(byte[] mac, List<IpPrefix> addresses) {
        String own = EthernetFrames.formatMac(mac, 0);
        StringBuilder f = new StringBuilder();
        f.append("not ether src ").append(own).append(" and (ether dst ").append(own)
                .append(" or (ether broadcast and arp)");
        Set<String> groups = new LinkedHashSet<>();
        for (IpPrefix p : addresses) {
            if (p.isIpv4()) continue;
            byte[] a = p.address().getAddress();
            groups.add(String.format("33:33:ff:%02x:%02x:%02x", a[13] & 0xff, a[14] & 0xff, a[15] & 0xff));
        }
        if (!groups.isEmpty()) {
            f.append(" or (ip6 and (ether dst 33:33:00:00:00:01");
            for (String g : groups) f.append(" or ether dst ").append(g);
            f.append("))");
        }
        return f.append(')').toString();
    }
}
