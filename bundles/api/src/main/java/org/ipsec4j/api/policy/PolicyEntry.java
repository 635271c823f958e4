package org.ipsec4j.api.policy;

import org.osgi.annotation.versioning.ProviderType;

/** A policy installed in the {@link SecurityPolicyDatabase}, with what the SPD knows of it. */
@ProviderType
public interface PolicyEntry {
    SecurityPolicy policy();

    /** KAME's {@code spid}: a number unique among the policies of this SPD, from 1. */
    long id();

    /** When it was added (epoch milliseconds). */
    long createdMillis();

    /** When a packet last matched it (epoch milliseconds), 0 if never. */
    long lastUsedMillis();

    /** How many packets matched it. */
    long matches();

    /** Marks a match by a packet now; called by the data path, allocates nothing. */
    void recordMatch();
}
