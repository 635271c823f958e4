package org.ipsec4j.engine;

import org.ipsec4j.api.policy.IpsecRequest;
import org.ipsec4j.api.policy.Level;
import org.ipsec4j.api.policy.PolicyAction;
import org.ipsec4j.api.sa.IpsecMode;

/**
 * The system-wide IPsec settings of KAME's {@code net.inet.ipsec} sysctls, read by the engine on every packet. Each
 * value is a volatile field: a change applies to the next packet. Setters check the range KAME accepts and throw
 * {@link IllegalArgumentException} otherwise.
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

    private volatile int defPolicy = POLICY_NONE;
    private volatile int espTransDeflev = LEVEL_USE;
    private volatile int espNetDeflev = LEVEL_USE;
    private volatile int ahTransDeflev = LEVEL_USE;
    private volatile int ahNetDeflev = LEVEL_USE;
    private volatile int dfbit = DF_CLEAR;
    private volatile int ecn = ECN_FORBIDDEN;

    public int defPolicy() { return defPolicy; }
    public int espTransDeflev() { return espTransDeflev; }
    public int espNetDeflev() { return espNetDeflev; }
    public int ahTransDeflev() { return ahTransDeflev; }
    public int ahNetDeflev() { return ahNetDeflev; }
    public int dfbit() { return dfbit; }
    public int ecn() { return ecn; }

    public EngineSettings defPolicy(int v) { defPolicy = check(DEF_POLICY, v, POLICY_DISCARD, POLICY_NONE); return this; }
    public EngineSettings espTransDeflev(int v) { espTransDeflev = level(ESP_TRANS_DEFLEV, v); return this; }
    public EngineSettings espNetDeflev(int v) { espNetDeflev = level(ESP_NET_DEFLEV, v); return this; }
    public EngineSettings ahTransDeflev(int v) { ahTransDeflev = level(AH_TRANS_DEFLEV, v); return this; }
    public EngineSettings ahNetDeflev(int v) { ahNetDeflev = level(AH_NET_DEFLEV, v); return this; }
    public EngineSettings dfbit(int v) { dfbit = check(DFBIT, v, DF_CLEAR, DF_COPY); return this; }
    public EngineSettings ecn(int v) { ecn = check(ECN, v, ECN_FORBIDDEN, ECN_ALLOWED); return this; }

    /** The action for packets no policy matches: {@link PolicyAction#DISCARD} or {@link PolicyAction#NONE}. */
    PolicyAction defaultAction() {
        return defPolicy == POLICY_DISCARD ? PolicyAction.DISCARD : PolicyAction.NONE;
    }

    /**
     * The effective level of a rule: its own, or for {@code default} the system-wide level of its protocol and mode.
     * IPComp has no sysctl and is always {@code use}, as in KAME (small packets are not compressed).
     */
    Level effectiveLevel(IpsecRequest rule) {
        Level l = rule.level();
        if (l != Level.DEFAULT) return l;
        boolean tunnel = rule.mode() == IpsecMode.TUNNEL;
        int v = switch (rule.protocol()) {
            case ESP, ESP_OLD, ESP_UDP -> tunnel ? espNetDeflev : espTransDeflev;
            case AH, AH_OLD -> tunnel ? ahNetDeflev : ahTransDeflev;
            default -> LEVEL_USE;
        };
        return v == LEVEL_REQUIRE ? Level.REQUIRE : Level.USE;
    }

    private static int level(String name, int v) {
        return check(name, v, LEVEL_USE, LEVEL_REQUIRE);
    }

    private static int check(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + ": value " + v + " out of range " + min + ".." + max);
        }
        return v;
    }
}
