package org.ipsec4j.api.policy;

import java.util.List;
import java.util.Objects;

/**
 * One policy of the SPD, as {@code spdadd} describes it. Immutable.
 *
 * @param selector  the traffic it applies to
 * @param direction in, out or fwd
 * @param priority  Linux-style priority: lower values come first; {@link #PRIORITY_DEFAULT} when not given
 * @param action    discard, none, ipsec, entrust or bypass
 * @param rules     the rules of an {@code ipsec} policy, outermost last as written; empty for other actions
 */
public record SecurityPolicy(Selector selector, Direction direction, long priority, PolicyAction action,
        List<IpsecRequest> rules) {
    /** {@code prio low}: ipsec-tools' PRIORITY_LOW. */
    public static final long PRIORITY_LOW = 0xC0000000L;
    /** {@code prio def}, and the priority of a policy that gives none. */
    public static final long PRIORITY_DEFAULT = 0x80000000L;
    /** {@code prio high}. */
    public static final long PRIORITY_HIGH = 0x40000000L;

    public SecurityPolicy {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(action, "action");
        rules = List.copyOf(rules);
        if (priority < 0 || priority > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("priority out of range 0..4294967295: " + priority);
        }
        if (action == PolicyAction.IPSEC && rules.isEmpty()) {
            throw new IllegalArgumentException("an ipsec policy needs at least one rule");
        }
        if (action != PolicyAction.IPSEC && !rules.isEmpty()) {
            throw new IllegalArgumentException("only an ipsec policy has rules");
        }
    }

    /** A policy with the default priority. */
    public static SecurityPolicy of(Selector selector, Direction direction, PolicyAction action,
            List<IpsecRequest> rules) {
        return new SecurityPolicy(selector, direction, PRIORITY_DEFAULT, action, rules);
    }
}
