package org.ipsec4j.engine;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.ipsec4j.api.policy.IpsecRequest;
import org.ipsec4j.api.policy.Level;
import org.ipsec4j.api.policy.PolicyAction;
import org.ipsec4j.api.sa.IpsecMode;

/**
 * The system-wide settings of KAME's sysctls ({@link Mib}), read by the engine on every packet: IP forwarding, the
 * {@code net.inet.ipsec} and {@code net.inet6.ipsec6} levels and policies, reassembly and ICMP limits. Each value is
 * read with volatile semantics and allocation-free; a change applies to the next packet. Setters check the range KAME
 * accepts and throw {@link IllegalArgumentException} otherwise.
 */
public final class EngineSettings {
    /** sysctl names, as {@code ipsec:sysctl} shows them. */
    public static final String DEF_POLICY = "net.inet.ipsec.def_policy";
    public static final String ESP_TRANS_DEFLEV = "net.inet.ipsec.esp_trans_deflev";
    public static final String ESP_NET_DEFLEV = "net.inet.ipsec.esp_net_deflev";
    public static final String AH_TRANS_DEFLEV = "net.inet.ipsec.ah_trans_deflev";
    public static final String AH_NET_DEFLEV = "net.inet.ipsec.ah_net_deflev";
    public static final String DFBIT = "net.inet.ipsec.dfbit";
    public static final String ECN = "net.inet.ipsec.ecn";

    /** {@code def_policy} value: discard packets no policy matches. */
    public static final int POLICY_DISCARD = 0;
    /** {@code def_policy} value: pass packets no policy matches in plaintext (the default). */
    public static final int POLICY_NONE = 1;
    /** A {@code *_deflev} value: use an SA if there is one (the default). */
    public static final int LEVEL_USE = 1;
    /** A {@code *_deflev} value: require an SA. */
    public static final int LEVEL_REQUIRE = 2;
    /** {@code dfbit}: clear DF in the outer header of a tunnel (the default). */
    public static final int DF_CLEAR = 0;
    /** {@code dfbit}: set DF in the outer header. */
    public static final int DF_SET = 1;
    /** {@code dfbit}: copy DF from the inner header. */
    public static final int DF_COPY = 2;
    /** {@code ecn}: limited functionality, the outer header is not-ECT (RFC 3168, the default). */
    public static final int ECN_FORBIDDEN = 0;
    /** {@code ecn}: full functionality, ECN copied out and CE copied back in (RFC 3168 section 9.1.1). */
    public static final int ECN_ALLOWED = 1;

    private static final Mib[] MIBS = Mib.values();
    private final AtomicIntegerArray values = new AtomicIntegerArray(MIBS.length);

    public EngineSettings() {
        for (Mib m : MIBS) values.set(m.ordinal(), m.defaultValue());
    }

    /** The value of {@code mib}. */
    public int get(Mib mib) {
        return values.get(mib.ordinal());
    }

    /** Sets {@code mib} after checking its range. */
    public EngineSettings set(Mib mib, int v) {
        values.set(mib.ordinal(), mib.check(v));
        return this;
    }

    public int defPolicy() { return get(Mib.DEF_POLICY); }
    public int espTransDeflev() { return get(Mib.ESP_TRANS_DEFLEV); }
    public int espNetDeflev() { return get(Mib.ESP_NET_DEFLEV); }
    public int ahTransDeflev() { return get(Mib.AH_TRANS_DEFLEV); }
    public int ahNetDeflev() { return get(Mib.AH_NET_DEFLEV); }
    public int dfbit() { return get(Mib.DFBIT); }
    public int ecn() { return get(Mib.ECN); }

    public EngineSettings defPolicy(int v) { return set(Mib.DEF_POLICY, v); }
    public EngineSettings espTransDeflev(int v) { return set(Mib.ESP_TRANS_DEFLEV, v); }
    public EngineSettings espNetDeflev(int v) { return set(Mib.ESP_NET_DEFLEV, v); }
    public EngineSettings ahTransDeflev(int v) { return set(Mib.AH_TRANS_DEFLEV, v); }
    public EngineSettings ahNetDeflev(int v) { return set(Mib.AH_NET_DEFLEV, v); }
    public EngineSettings dfbit(int v) { return set(Mib.DFBIT, v); }
    public EngineSettings ecn(int v) { return set(Mib.ECN, v); }

    /** Whether packets of IP version {@code version} (4 or 6) are forwarded between ports. */
    public boolean forwarding(int version) {
        return get(version == 6 ? Mib.IP6_FORWARDING : Mib.IP_FORWARDING) != 0;
    }

    /** The {@code ecn} setting for outer headers of IP version {@code version}. */
    public int ecnFor(int version) {
        return get(version == 6 ? Mib.ECN6 : Mib.ECN);
    }

    /** The action for IPv4 packets no policy matches. */
    PolicyAction defaultAction() {
        return defaultAction(4);
    }

    /** The action for packets of IP version {@code version} no policy matches: discard or none. */
    PolicyAction defaultAction(int version) {
        int p = get(version == 6 ? Mib.DEF_POLICY6 : Mib.DEF_POLICY);
        return p == POLICY_DISCARD ? PolicyAction.DISCARD : PolicyAction.NONE;
    }

    /** The effective level of a rule for an IPv4 packet. */
    Level effectiveLevel(IpsecRequest rule) {
        return effectiveLevel(rule, 4);
    }

    /**
     * The effective level of a rule: its own, or for {@code default} the system-wide level of its protocol, mode and
     * the packet's IP version. IPComp has no sysctl and is always {@code use}, as in KAME (small packets are not
     * compressed).
     */
    Level effectiveLevel(IpsecRequest rule, int version) {
        Level l = rule.level();
        if (l != Level.DEFAULT) return l;
        boolean tunnel = rule.mode() == IpsecMode.TUNNEL;
        boolean v6 = version == 6;
        int v = switch (rule.protocol()) {
            case ESP, ESP_OLD, ESP_UDP -> get(tunnel ? (v6 ? Mib.ESP_NET_DEFLEV6 : Mib.ESP_NET_DEFLEV)
                    : (v6 ? Mib.ESP_TRANS_DEFLEV6 : Mib.ESP_TRANS_DEFLEV));
            case AH, AH_OLD -> get(tunnel ? (v6 ? Mib.AH_NET_DEFLEV6 : Mib.AH_NET_DEFLEV)
                    : (v6 ? Mib.AH_TRANS_DEFLEV6 : Mib.AH_TRANS_DEFLEV));
            default -> LEVEL_USE;
        };
        return v == LEVEL_REQUIRE ? Level.REQUIRE : Level.USE;
    }
}
