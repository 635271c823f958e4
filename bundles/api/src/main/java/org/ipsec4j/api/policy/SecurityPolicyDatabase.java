package org.ipsec4j.api.policy;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Security Policy Database (RFC 4301 section 4.4.1) with setkey(8)'s semantics: policies per direction, ordered
 * by priority and then by insertion. A policy is identified by its selector and direction. Thread-safe: a lookup runs
 * lock-free against a consistent snapshot while another thread changes the SPD.
 */
@ProviderType
public interface SecurityPolicyDatabase {
    /** {@code spdadd}: throws {@code SpdException} when a policy with this selector and direction exists. */
    PolicyEntry add(SecurityPolicy policy);

    /** {@code spdupdate}: replaces the policy with this selector and direction; throws when there is none. */
    PolicyEntry update(SecurityPolicy policy);

    /** {@code spddelete}: removes the policy with this selector and direction; throws when there is none. */
    PolicyEntry delete(Selector selector, Direction direction);

    /** The policy with this selector and direction. */
    Optional<PolicyEntry> get(Selector selector, Direction direction);

    /** {@code spdflush}: removes every policy. */
    List<PolicyEntry> flush();

    /** {@code spddump}: every policy, per direction in lookup order (in, out, fwd). */
    List<PolicyEntry> dump();

    /**
     * The first policy of {@code direction} that matches a packet, skipping {@code entrust} ones, or null when none
     * matches. Lock-free; allocates nothing.
     */
    PolicyEntry lookup(Direction direction, FlowKey flow);
}
