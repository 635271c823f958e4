package org.ipsec4j.engine;

import java.util.Optional;

/**
 * The sysctl MIBs the engine honours, KAME's names with their ranges and defaults. {@link EngineSettings} holds one
 * value of each; {@code ipsec:sysctl} lists them in this order.
 */
public enum Mib {
    IP_FORWARDING("net.inet.ip.forwarding", 0, 1, 0, "forward IPv4 packets between ports"),
    IP6_FORWARDING("net.inet6.ip6.forwarding", 0, 1, 0, "forward IPv6 packets between ports"),
    IP_TTL("net.inet.ip.ttl", 1, 255, 64, "TTL of IPv4 packets the gateway sends"),
    IP6_HLIM("net.inet6.ip6.hlim", 1, 255, 64, "hop limit of IPv6 packets the gateway sends"),
    IP_MAXFRAGPACKETS("net.inet.ip.maxfragpackets", 0, 1024, 64, "datagrams being reassembled at once"),
    IP_MAXFRAGSPERPACKET("net.inet.ip.maxfragsperpacket", 1, 256, 64, "fragments of one datagram"),
    ICMP_ICMPLIM("net.inet.icmp.icmplim", 0, 100_000, 200, "ICMP and ICMPv6 errors sent per second"),
    DEF_POLICY(EngineSettings.DEF_POLICY, 0, 1, 1, "policy for packets no SPD entry matches: 0 discard, 1 none"),
    ESP_TRANS_DEFLEV(EngineSettings.ESP_TRANS_DEFLEV, 1, 2, 1, "level of default ESP transport rules: 1 use, 2 require"),
    ESP_NET_DEFLEV(EngineSettings.ESP_NET_DEFLEV, 1, 2, 1, "level of default ESP tunnel rules: 1 use, 2 require"),
    AH_TRANS_DEFLEV(EngineSettings.AH_TRANS_DEFLEV, 1, 2, 1, "level of default AH transport rules: 1 use, 2 require"),
    AH_NET_DEFLEV(EngineSettings.AH_NET_DEFLEV, 1, 2, 1, "level of default AH tunnel rules: 1 use, 2 require"),
    ESP_RANDPAD("net.inet.ipsec.esp_randpad", -1, 255, -1, "ESP padding: -1 sequential, N random up to N bytes"),
    DFBIT(EngineSettings.DFBIT, 0, 2, 0, "DF of outer IPv4 tunnel headers: 0 clear, 1 set, 2 copy"),
    ECN(EngineSettings.ECN, 0, 1, 0, "ECN of outer IPv4 tunnel headers: 0 forbidden, 1 allowed"),
    DEF_POLICY6("net.inet6.ipsec6.def_policy", 0, 1, 1, "IPv6 policy for packets no SPD entry matches"),
    ESP_TRANS_DEFLEV6("net.inet6.ipsec6.esp_trans_deflev", 1, 2, 1, "IPv6 level of default ESP transport rules"),
    ESP_NET_DEFLEV6("net.inet6.ipsec6.esp_net_deflev", 1, 2, 1, "IPv6 level of default ESP tunnel rules"),
    AH_TRANS_DEFLEV6("net.inet6.ipsec6.ah_trans_deflev", 1, 2, 1, "IPv6 level of default AH transport rules"),
    AH_NET_DEFLEV6("net.inet6.ipsec6.ah_net_deflev", 1, 2, 1, "IPv6 level of default AH tunnel rules"),
    ESP_RANDPAD6("net.inet6.ipsec6.esp_randpad", -1, 255, -1, "IPv6 ESP padding: -1 sequential, N random"),
    ECN6("net.inet6.ipsec6.ecn", 0, 1, 0, "ECN of outer IPv6 tunnel headers: 0 forbidden, 1 allowed");

    private final String mibName;
    private final int min;
    private final int max;
    private final int defaultValue;
    private final String description;

    Mib(String mibName, int min, int max, int defaultValue, String description) {
        this.mibName = mibName;
        this.min = min;
        this.max = max;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The sysctl name, e.g. {@code net.inet.ip.forwarding}. */
    public String mibName() { return mibName; }
    public int min() { return min; }
    public int max() { return max; }
    public int defaultValue() { return defaultValue; }
    public String description() { return description; }

    /** The MIB of a sysctl name. */
    public static Optional<Mib> byName(String name) {
        for (Mib m : values()) {
            if (m.mibName.equals(name)) return Optional.of(m);
        }
        return Optional.empty();
    }

    /** Checks {@code v} against the range; throws {@link IllegalArgumentException} with the name and range. */
    public int check(int v) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(mibName + ": value " + v + " out of range " + min + ".." + max);
        }
        return v;
    }
}
