package org.ipsec4j.engine;

import org.ipsec4j.api.policy.IpsecRequest;
import org.ipsec4j.api.policy.PolicyEntry;

/**
 * Where the engine reports that a {@code require} or {@code unique} rule found no SA (PF_KEY's {@code SADB_ACQUIRE}):
 * a key manager may then negotiate one. Called on the data path for every such packet, so an implementation must be
 * quick and limit its own rate; the address arrays are the engine's scratch space and must be copied if kept.
 */
@FunctionalInterface
public interface AcquireSink {
    /** A sink that drops every acquire. */
    AcquireSink NONE = (policy, rule, src, dst, addressLength) -> { };

    /**
     * @param policy        the policy whose rule found no SA
     * @param rule          the rule: protocol, mode, level, reqid
     * @param src           the SA source wanted: {@code src[0..addressLength)}
     * @param dst           the SA destination wanted
     * @param addressLength 4 or 16
     */
    void acquire(PolicyEntry policy, IpsecRequest rule, byte[] src, byte[] dst, int addressLength);
}
