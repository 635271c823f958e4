package org.ipsec4j.engine;

import java.util.List;
import org.ipsec4j.api.policy.IpsecRequest;
import org.ipsec4j.api.policy.Level;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;

/**
 * Whether the SAs a packet was decapsulated with satisfy an {@code ipsec} policy (RFC 4301 section 5.2, step 4). The
 * rules are matched from the outermost (written last) to the innermost against the history from the outermost SA,
 * in order: each {@code require}/{@code unique} rule needs a matching SA after the one the previous rule matched;
 * {@code use} rules accept a packet with or without one. IPComp rules are never required on input, whatever their
 * level, as in KAME's {@code ipsec_in_reject}: a sender leaves packets too small to compress without IPComp (RFC 3173
 * section 2.2). A rule matches an SA of its IP protocol, applied in its mode,
 * with the rule's tunnel endpoints where it has them, and of its reqid for {@code unique:N}. An SA of mode {@code any}
 * applied between the same addresses as the packet inside counts for either mode.
 */
final class InboundPolicyCheck {
    private InboundPolicyCheck() {
    }

    static boolean satisfied(List<IpsecRequest> rules, Scratch s, EngineSettings settings) {
        int cursor = 0;
        for (int i = rules.size() - 1; i >= 0; i--) {
            IpsecRequest r = rules.get(i);
            Level level = settings.effectiveLevel(r, s.ip.version());
            int found = -1;
            for (int j = cursor; j < s.historyLength; j++) {
                if (matches(r, level, s.history[j], s.historyMode[j])) {
                    found = j;
                    break;
                }
            }
            if (found >= 0) {
                cursor = found + 1;
            } else if ((level == Level.REQUIRE || level == Level.UNIQUE) && r.protocol() != SaProtocol.IPCOMP) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(IpsecRequest r, Level level, SaEntry entry, IpsecMode applied) {
        SecurityAssociation sa = entry.sa();
        if (sa.protocol().ipProtocol() != r.protocol().ipProtocol()) return false;
        if (applied != IpsecMode.ANY && applied != r.mode()) return false;
        if (r.mode() == IpsecMode.TUNNEL && r.hasEndpoints()
                && (!r.source().equals(sa.source()) || !r.destination().equals(sa.destination()))) {
            return false;
        }
        return level != Level.UNIQUE || r.uniqueId() == 0 || r.uniqueId() == sa.reqid();
    }
}
