package org.ipsec4j.itests.interop;

/**
 * Where an SA runs: transport mode between two hosts, or tunnel mode between two gateways with a site behind each, in
 * every combination of outer and inner family. All addresses are documentation ranges (RFC 5737, RFC 3849).
 *
 * @param label    short name for test names
 * @param mode     setkey's {@code -m} and scapy's mode
 * @param inner    the family of the protected packets: {@code ipv4} or {@code ipv6}
 * @param src      the SA's source (the sending host or gateway)
 * @param dst      the SA's destination (the receiving host or gateway)
 * @param innerSrc the protected packets' source (in transport mode {@code src})
 * @param innerDst the protected packets' destination (in transport mode {@code dst})
 * @param srcNet   the policy's source selector
 * @param dstNet   the policy's destination selector
 */
record Topology(String label, String mode, String inner, String src, String dst, String innerSrc, String innerDst,
        String srcNet, String dstNet) {

    static final Topology TRANSPORT_V4 = transport("transport-v4", "ipv4", "192.0.2.1", "192.0.2.2");
    /** The IPv6 plaintext includes hop-by-hop and destination options headers. */
    static final Topology TRANSPORT_V6 = transport("transport-v6", "ipv6", "2001:db8::1", "2001:db8::2");
    static final Topology TUNNEL_V4_IN_V4 = tunnel("tunnel-v4-in-v4", "ipv4", "198.51.100.1", "198.51.100.2");
    static final Topology TUNNEL_V6_IN_V6 = tunnel("tunnel-v6-in-v6", "ipv6", "2001:db8:ffff::1", "2001:db8:ffff::2");
    static final Topology TUNNEL_V6_IN_V4 = tunnel("tunnel-v6-in-v4", "ipv6", "198.51.100.1", "198.51.100.2");
    static final Topology TUNNEL_V4_IN_V6 = tunnel("tunnel-v4-in-v6", "ipv4", "2001:db8:ffff::1", "2001:db8:ffff::2");

    static final java.util.List<Topology> ALL = java.util.List.of(TRANSPORT_V4, TRANSPORT_V6, TUNNEL_V4_IN_V4,
            TUNNEL_V6_IN_V6, TUNNEL_V6_IN_V4, TUNNEL_V4_IN_V6);

    private static Topology transport(String label, String family, String a, String b) {
        return new Topology(label, "transport", family, a, b, a, b, a, b);
    }

    private static Topology tunnel(String label, String inner, String gwA, String gwB) {
        return inner.equals("ipv4")
                ? new Topology(label, "tunnel", inner, gwA, gwB, "203.0.113.10", "203.0.113.200", "203.0.113.0/25",
                        "203.0.113.128/25")
                : new Topology(label, "tunnel", inner, gwA, gwB, "2001:db8:a::10", "2001:db8:b::20", "2001:db8:a::/48",
                        "2001:db8:b::/48");
    }

    boolean tunnel() {
        return mode.equals("tunnel");
    }

    /** The policy for {@code dir} ({@code in} or {@code out}) that sends this topology's traffic through the SA. */
    String policy(String dir) {
        String rule = tunnel() ? "esp/tunnel/" + src + "-" + dst + "/require" : "esp/transport//require";
        return "spdadd " + srcNet + " " + dstNet + " any -P " + dir + " ipsec " + rule + ";\n";
    }
}
