package org.ipsec4j.shell;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.ipsec4j.api.policy.Direction;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.api.policy.IpsecRequest;
import org.ipsec4j.api.policy.Level;
import org.ipsec4j.api.policy.PolicyAction;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.Selector;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaProtocol;

/**
 * A per-socket policy as KAME's ping takes it with {@code -P} (ipsec_set_policy(3) syntax):
 * {@code in|out discard|none|bypass|entrust|ipsec [PROTOCOL/MODE/SRC-DST/LEVEL ...]}, e.g.
 * {@code out ipsec esp/transport//require} or {@code out ipsec esp/tunnel/10.1.1.1-10.2.2.2/use}. The selector
 * matches everything: the policy is the socket's.
 */
final class PolicyText {
    private PolicyText() {
    }

    static SecurityPolicy parse(String text, InetAddress family) {
        String[] w = text.trim().split("\\s+");
        if (w.length < 2) throw new IllegalArgumentException("policy: expected in|out and an action: " + text.trim());
        Direction dir = Direction.fromSetkeyName(w[0]).filter(d -> d != Direction.FWD)
                .orElseThrow(() -> new IllegalArgumentException("policy: direction must be in or out: " + w[0]));
        PolicyAction action = PolicyAction.fromSetkeyName(w[1])
                .orElseThrow(() -> new IllegalArgumentException("policy: unknown action: " + w[1]));
        List<IpsecRequest> rules = new ArrayList<>();
        for (int i = 2; i < w.length; i++) rules.add(rule(w[i]));
        if (action == PolicyAction.IPSEC && rules.isEmpty()) {
            throw new IllegalArgumentException("policy: ipsec needs a rule, e.g. esp/transport//require");
        }
        if (action != PolicyAction.IPSEC && !rules.isEmpty()) {
            throw new IllegalArgumentException("policy: only ipsec takes rules");
        }
        IpPrefix any = new IpPrefix(AddressText.parse(family.getAddress().length == 4 ? "0.0.0.0" : "::"), 0);
        return SecurityPolicy.of(Selector.of(any, any, Selector.ANY_PROTOCOL), dir, action, rules);
    }

    private static IpsecRequest rule(String r) {
        String[] p = r.split("/", -1);
        if (p.length < 3 || p.length > 4) {
            throw new IllegalArgumentException("policy: a rule is PROTOCOL/MODE/SRC-DST/LEVEL: " + r);
        }
        SaProtocol protocol = SaProtocol.fromSetkeyName(p[0])
                .filter(x -> x == SaProtocol.ESP || x == SaProtocol.AH || x == SaProtocol.IPCOMP)
                .orElseThrow(() -> new IllegalArgumentException("policy: unknown protocol: " + p[0]));
        IpsecMode mode = IpsecMode.fromSetkeyName(p[1]).filter(m -> m != IpsecMode.ANY)
                .orElseThrow(() -> new IllegalArgumentException("policy: mode must be transport or tunnel: " + p[1]));
        String levelText = p.length == 4 && !p[3].isEmpty() ? p[3] : "default";
        int unique = 0;
        if (levelText.startsWith("unique:")) {
            try {
                unique = Integer.parseInt(levelText.substring(7));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("policy: bad unique id: " + levelText);
            }
            levelText = "unique";
        }
        Level level = Level.fromSetkeyName(levelText)
                .orElseThrow(() -> new IllegalArgumentException("policy: unknown level: " + p[3]));
        InetAddress src = null;
        InetAddress dst = null;
        if (!p[2].isEmpty()) {
            int dash = p[2].indexOf('-');
            if (dash < 0) throw new IllegalArgumentException("policy: tunnel endpoints are SRC-DST: " + p[2]);
            src = AddressText.parse(p[2].substring(0, dash));
            dst = AddressText.parse(p[2].substring(dash + 1));
        }
        if (mode == IpsecMode.TUNNEL && src == null) {
            throw new IllegalArgumentException("policy: a tunnel rule needs its endpoints: " + r);
        }
        return new IpsecRequest(protocol, mode, src, 0, dst, 0, level, unique);
    }
}
