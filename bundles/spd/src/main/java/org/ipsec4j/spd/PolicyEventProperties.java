package org.ipsec4j.spd;

import java.util.HashMap;
import java.util.Map;
import org.ipsec4j.api.event.SadbEvents;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.api.policy.IpsecRequest;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.Selector;

/** Builds the properties of SPD events ({@link SadbEvents}). */
final class PolicyEventProperties {
    private PolicyEventProperties() {
    }

    static Map<String, Object> of(PolicyRecord r, long now) {
        Map<String, Object> p = new HashMap<>();
        p.put(SadbEvents.TIMESTAMP, now);
        p.put(SadbEvents.POLICY_ID, r.id());
        p.put(SadbEvents.DIRECTION, r.policy().direction().setkeyName());
        p.put(SadbEvents.TEXT, text(r.policy()));
        return p;
    }

    /**
     * The policy in the notation of {@code setkey -DP}'s first lines, e.g.
     * {@code "10.0.1.0/24[any] 10.0.2.0/24[any] any\n\tout ipsec\n\tesp/tunnel/192.0.2.1-192.0.2.2/require"}.
     */
    static String text(SecurityPolicy policy) {
        Selector s = policy.selector();
        StringBuilder b = new StringBuilder();
        b.append(prefix(s.source())).append('[').append(port(s.sourcePort())).append("] ")
                .append(prefix(s.destination())).append('[').append(port(s.destinationPort())).append("] ")
                .append(protocol(s.upperLayer()));
        if (s.icmpType() != Selector.ANY_ICMP) {
            b.append(' ').append(s.icmpType());
            if (s.icmpCode() != Selector.ANY_ICMP) {
                b.append(',').append(s.icmpCode());
            }
        }
        b.append("\n\t").append(policy.direction().setkeyName());
        if (policy.priority() != SecurityPolicy.PRIORITY_DEFAULT) {
            b.append(" prio ").append(policy.priority());
        }
        b.append(' ').append(policy.action().setkeyName());
        for (IpsecRequest rule : policy.rules()) {
            b.append("\n\t").append(rule.protocol().setkeyName()).append('/').append(rule.mode().setkeyName())
                    .append('/');
            if (rule.hasEndpoints()) {
                b.append(rule.source().getHostAddress()).append('-').append(rule.destination().getHostAddress());
            }
            b.append('/').append(rule.level().setkeyName());
            if (rule.uniqueId() != 0) {
                b.append(':').append(rule.uniqueId());
            }
        }
        return b.toString();
    }

    private static String prefix(IpPrefix p) {
        return p.address().getHostAddress() + "/" + p.length();
    }

    private static String port(int port) {
        return port == Selector.ANY_PORT ? "any" : Integer.toString(port);
    }

    private static String protocol(int proto) {
        return switch (proto) {
            case Selector.ANY_PROTOCOL -> "any";
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 58 -> "icmp6";
            default -> Integer.toString(proto);
        };
    }
}
