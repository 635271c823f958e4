package org.ipsec4j.engine;

import java.util.List;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.policy.Direction;
import org.ipsec4j.api.policy.IpsecRequest;
import org.ipsec4j.api.policy.Level;
import org.ipsec4j.api.policy.PolicyAction;
import org.ipsec4j.api.policy.PolicyEntry;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.SecurityPolicyDatabase;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.api.transform.IpsecTransform;
import org.ipsec4j.api.transform.Verdict;

/**
 * Outbound processing (RFC 4301 section 5.1): SPD lookup, then for an {@code ipsec} policy two passes over its rules.
 * The first picks an SA for every rule, innermost first, without touching the packet: so a missing required SA drops
 * the packet before any sequence number is spent, and raises an acquire for each such rule, as KAME's
 * {@code key_checkrequest} does. The second applies the transforms in the same order, each in its rule's mode. An
 * {@code ah} ({@code esp}) rule takes an {@code ah-old} ({@code esp-old}) SA when there is no other, as in KAME.
 */
final class OutboundPath {
    private final SecurityAssociationDatabase sad;
    private final SecurityPolicyDatabase spd;
    private final TransformTable transforms;
    private final EngineSettings settings;
    private final EngineCounters counters;
    private final RuleEndpoints endpoints = new RuleEndpoints();

    OutboundPath(SecurityAssociationDatabase sad, SecurityPolicyDatabase spd, TransformTable transforms,
            EngineSettings settings, EngineCounters counters) {
        this.sad = sad;
        this.spd = spd;
        this.transforms = transforms;
        this.settings = settings;
        this.counters = counters;
    }

    /**
     * @param socketPolicy null to look the packet up in the SPD; else the policy to apply instead (a per-socket
     *                     policy, as KAME's {@code ping -P} sets one)
     */
    Verdict process(PacketBuffer pkt, Scratch s, SecurityPolicy socketPolicy) {
        IpPacket ip = s.ip;
        Verdict parsed = ip.parse(pkt);
        if (parsed != Verdict.OK) return counters.outDrop(parsed);
        PolicyAction action;
        List<IpsecRequest> rules = null;
        if (socketPolicy != null) {
            action = socketPolicy.action();
            rules = socketPolicy.rules();
        } else {
            ip.fillFlow(s.flow);
            PolicyEntry entry = spd.lookup(Direction.OUT, s.flow);
            if (entry == null) {
                action = settings.defaultAction(ip.version());
            } else {
                entry.recordMatch();
                action = entry.policy().action();
                rules = entry.policy().rules();
            }
        }
        switch (action) {
            case DISCARD:
                return counters.outDrop(Verdict.POLICY_DISCARD);
            case IPSEC:
                return protect(pkt, rules, s);
            default:
                counters.outPlaintext();
                return Verdict.OK;
        }
    }

    private Verdict protect(PacketBuffer pkt, List<IpsecRequest> rules, Scratch s) {
        int n = rules.size();
        if (n > Scratch.MAX_SAS) return counters.outDrop(Verdict.BAD_STATE);
        Verdict v = resolve(rules, s);
        if (v == Verdict.OK) v = apply(pkt, rules, s);
        boolean applied = false;
        for (int i = 0; i < n; i++) applied |= s.outbound[i] != null;
        s.clearOutbound(n);
        if (v != Verdict.OK) return counters.outDrop(v);
        if (applied) {
            counters.outSuccess();
        } else {
            counters.outPlaintext();
        }
        return Verdict.OK;
    }

    /** Pass one: an SA (or null to skip the rule) for each rule into {@code s.outbound}. */
    private Verdict resolve(List<IpsecRequest> rules, Scratch s) {
        IpPacket ip = s.ip;
        ip.copyAddresses(s.src, s.dst);
        int len = ip.addressLength();
        boolean missing = false;
        for (int i = 0; i < rules.size(); i++) {
            IpsecRequest r = rules.get(i);
            byte[] src = s.src;
            byte[] dst = s.dst;
            int alen = len;
            boolean tunnel = r.mode() == IpsecMode.TUNNEL && r.hasEndpoints();
            if (tunnel) {
                RuleEndpoints.Endpoints ep = endpoints.of(r);
                src = ep.src();
                dst = ep.dst();
                alen = ep.length();
            }
            Level level = settings.effectiveLevel(r, ip.version());
            int reqid = level == Level.UNIQUE ? r.uniqueId() : 0;
            SaEntry sa = sad.lookupOutbound(r.protocol(), r.mode(), src, 0, dst, 0, alen, reqid);
            SaProtocol old = oldVariant(r.protocol());
            if (sa == null && old != null) sa = sad.lookupOutbound(old, r.mode(), src, 0, dst, 0, alen, reqid);
            s.outbound[i] = sa;
            if (sa == null) {
                if (level != Level.USE) {
                    missing = true;
                    if (sad.acquire(r.protocol(), r.mode(), src, 0, dst, 0, alen, reqid)) counters.acquire();
                }
                continue;
            }
            if (transforms.get(sa.sa().protocol()) == null) {
                counters.noTransform();
                sa.recordDrop(Verdict.NO_ALGORITHM);
                return Verdict.NO_ALGORITHM;
            }
            if (tunnel) {
                System.arraycopy(src, 0, s.src, 0, alen);
                System.arraycopy(dst, 0, s.dst, 0, alen);
                len = alen;
            }
        }
        return missing ? Verdict.NO_SA_FOR_POLICY : Verdict.OK;
    }

    /**
     * The RFC 1826/1827 variant an {@code ah} or {@code esp} rule also takes, as KAME's {@code SADB_SATYPE_AH} and
     * {@code SADB_SATYPE_ESP} cover the old formats (an SA flag there, an SA protocol here); null for others.
     */
    private static SaProtocol oldVariant(SaProtocol p) {
        return p == SaProtocol.AH ? SaProtocol.AH_OLD : p == SaProtocol.ESP ? SaProtocol.ESP_OLD : null;
    }

    /** Pass two: the transforms, innermost first. */
    private Verdict apply(PacketBuffer pkt, List<IpsecRequest> rules, Scratch s) {
        IpPacket ip = s.ip;
        for (int i = 0; i < rules.size(); i++) {
            SaEntry sa = s.outbound[i];
            if (sa == null) continue;
            IpsecRequest r = rules.get(i);
            IpsecTransform t = transforms.get(sa.sa().protocol());
            if (t == null) { // unregistered since pass one
                counters.noTransform();
                sa.recordDrop(Verdict.NO_ALGORITHM);
                return Verdict.NO_ALGORITHM;
            }
            boolean tunnel = r.mode() == IpsecMode.TUNNEL;
            int innerTc = 0;
            boolean innerDf = false;
            if (tunnel) {
                Verdict parsed = ip.parse(pkt);
                if (parsed != Verdict.OK) return parsed;
                innerTc = ip.trafficClass();
                innerDf = ip.version() == 6 || ip.dontFragment(); // routers never fragment IPv6
            }
            Verdict v = t.output(pkt, sa, r.mode());
            if (v != Verdict.OK) return v;
            if (tunnel) {
                Verdict parsed = ip.parse(pkt);
                if (parsed != Verdict.OK) return parsed;
                TunnelOuterHeader.shape(ip, innerTc, innerDf, settings);
            }
        }
        return Verdict.OK;
    }
}
