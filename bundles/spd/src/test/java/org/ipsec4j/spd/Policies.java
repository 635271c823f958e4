package org.ipsec4j.spd;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.ipsec4j.api.policy.Direction;
import org.ipsec4j.api.policy.FlowKey;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.api.policy.IpsecRequest;
import org.ipsec4j.api.policy.Level;
import org.ipsec4j.api.policy.PolicyAction;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.Selector;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaProtocol;

/** Test policies and flows. */
final class Policies {
    private Policies() {
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    /** {@code "10.0.0.0/8"} as a prefix. */
    static IpPrefix prefix(String s) {
        int slash = s.indexOf('/');
        return new IpPrefix(ip(s.substring(0, slash)), Integer.parseInt(s.substring(slash + 1)));
    }

    static Selector sel(String src, String dst, int proto) {
        return Selector.of(prefix(src), prefix(dst), proto);
    }

    static Selector sel(String src, int sport, String dst, int dport, int proto) {
        return new Selector(prefix(src), sport, prefix(dst), dport, proto, Selector.ANY_ICMP, Selector.ANY_ICMP);
    }

    static SecurityPolicy policy(Selector s, Direction d, long prio, PolicyAction a) {
        List<IpsecRequest> rules = a == PolicyAction.IPSEC
                ? List.of(IpsecRequest.of(SaProtocol.ESP, IpsecMode.TRANSPORT, Level.REQUIRE))
                : List.of();
        return new SecurityPolicy(s, d, prio, a, rules);
    }

    static SecurityPolicy policy(Selector s, Direction d, PolicyAction a) {
        return policy(s, d, SecurityPolicy.PRIORITY_DEFAULT, a);
    }

    static FlowKey flow(String src, String dst, int proto, int sport, int dport) {
        byte[] s = ip(src).getAddress();
        byte[] d = ip(dst).getAddress();
        byte[] both = new byte[s.length * 2];
        System.arraycopy(s, 0, both, 0, s.length);
        System.arraycopy(d, 0, both, s.length, d.length);
        return new FlowKey().addresses(both, 0, s.length, s.length).transport(proto, sport, dport);
    }

    static FlowKey icmp(String src, String dst, int proto, int type, int code) {
        FlowKey f = flow(src, dst, proto, 0, 0);
        return f.icmp(proto, type, code);
    }
}
