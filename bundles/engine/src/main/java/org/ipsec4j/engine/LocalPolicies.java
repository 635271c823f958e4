package org.ipsec4j.engine;

import org.ipsec4j.api.policy.FlowKey;
import org.ipsec4j.api.policy.SecurityPolicy;

/**
 * Per-socket inbound policies of the gateway's own endpoints (KAME's {@code ping -P "in ..."}): for a packet to one of
 * our addresses, a policy that replaces the SPD's {@code in} policy, or null to consult the SPD. Called on the data
 * path: must be fast and must not allocate.
 */
@FunctionalInterface
public interface LocalPolicies {
    /** The policy for the packet described by {@code flow}, or null. */
    SecurityPolicy inbound(FlowKey flow);
}
