package org.ipsec4j.api.policy;

import java.util.Optional;

/** What a policy does with matching packets. */
public enum PolicyAction {
    /** Drop them. */
    DISCARD("discard"),
    /** Pass them without IPsec. */
    NONE("none"),
    /** Protect them (outbound) or demand protection (inbound) as the policy's rules say. */
    IPSEC("ipsec"),
    /** Consult the next, lower-priority policy (KAME's {@code entrust}). */
    ENTRUST("entrust"),
    /** Pass them, bypassing any policy (KAME's {@code bypass}, for sockets with their own policy). */
    BYPASS("bypass");

    private final String setkeyName;

    PolicyAction(String setkeyName) {
        this.setkeyName = setkeyName;
    }

    public String setkeyName() {
        return setkeyName;
    }

    public static Optional<PolicyAction> fromSetkeyName(String name) {
        for (PolicyAction a : values()) {
            if (a.setkeyName.equals(name)) return Optional.of(a);
        }
        return Optional.empty();
    }
}
