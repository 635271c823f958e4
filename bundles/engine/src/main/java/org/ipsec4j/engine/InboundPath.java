package org.ipsec4j.engine;

import java.util.List;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.policy.Direction;
import org.ipsec4j.api.policy.IpsecRequest;
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
 * Inbound processing (RFC 4301 section 5.2): while the packet is ESP, AH or IPComp for one of our addresses, find its
 * SA by (destination, protocol, SPI), let the transform verify and remove the header, and remember the SA and the mode
 * it was applied in; then check the final packet against its {@code in} policy ({@code fwd} first when it is to be
 * forwarded, falling back to {@code in} as KAME, which has no {@code fwd}, does). A packet without IPsec takes the same
 * check, so plaintext never passes where the policy requires protection.
 */
final class InboundPath {
    /** CPIs below this are well-known (RFC 3173 section 3.3): the algorithm's number, not an SA's. */
    private static final int WELL_KNOWN_CPI_LIMIT = 256;
    private final SecurityAssociationDatabase sad;
    private final SecurityPolicyDatabase spd;
    private final TransformTable transforms;
    private final LocalAddresses locals;
    private final EngineSettings settings;
    private final EngineCounters counters;

    InboundPath(SecurityAssociationDatabase sad, SecurityPolicyDatabase spd, TransformTable transforms,
            LocalAddresses locals, EngineSettings settings, EngineCounters counters) {
        this.sad = sad;
        this.spd = spd;
        this.transforms = transforms;
        this.locals = locals;
        this.settings = settings;
        this.counters = counters;
    }

    /** @param sockets null, or the per-socket policies that replace the SPD's for packets to our addresses */
    Verdict process(PacketBuffer pkt, Scratch s, LocalPolicies sockets) {
        s.clearHistory();
        try {
            Verdict v = decapsulate(pkt, s);
            if (v != Verdict.OK) return counters.inDrop(v);
            v = checkPolicy(s, sockets);
            if (v != Verdict.OK) return counters.inDrop(v);
            if (s.historyLength > 0) {
                counters.inSuccess();
            } else {
                counters.inPlaintext();
            }
            return Verdict.OK;
        } finally {
            s.clearHistory();
        }
    }

    private Verdict decapsulate(PacketBuffer pkt, Scratch s) {
        IpPacket ip = s.ip;
        while (true) {
            Verdict parsed = ip.parse(pkt);
            if (parsed != Verdict.OK) return parsed;
            if (!ip.headerChecksumValid()) return Verdict.BAD_HEADER;
            boolean local = locals.contains(ip.buffer(), ip.destinationOffset(), ip.addressLength());
            if (local && !ip.isFragment() && isIpInIp(ip.protocol()) && s.historyLength < Scratch.MAX_SAS) {
                if (uncompressedTunnel(pkt, s)) continue;
                return Verdict.OK;
            }
            if (!ip.isIpsec() || !local) return Verdict.OK;
            if (ip.isFragment()) return Verdict.BAD_HEADER; // the gateway reassembles fragments for us before input
            if (!ip.hasSpi()) return Verdict.TRUNCATED;
            if (s.historyLength == Scratch.MAX_SAS) return Verdict.BAD_HEADER;
            SaEntry sa = sad.lookupInbound(ip.buffer(), ip.destinationOffset(), ip.addressLength(), ip.protocol(),
                    ip.spi());
            if (sa == null && ip.protocol() == IpProtocol.IPCOMP && ip.spi() < WELL_KNOWN_CPI_LIMIT) {
                // a well-known CPI (KAME without -R sends the algorithm's number): the SA between these endpoints
                sa = sad.lookupOutbound(SaProtocol.IPCOMP, IpsecMode.ANY, ip.buffer(), ip.sourceOffset(), ip.buffer(),
                        ip.destinationOffset(), ip.addressLength(), 0);
            }
            if (sa == null) return Verdict.NO_SA;
            IpsecTransform t = transforms.get(sa.sa().protocol());
            if (t == null) {
                counters.noTransform();
                sa.recordDrop(Verdict.NO_ALGORITHM);
                return Verdict.NO_ALGORITHM;
            }
            ip.copyAddresses(s.src, s.dst);
            int outerLen = ip.addressLength();
            Verdict v = t.input(pkt, sa);
            if (v != Verdict.OK) return v;
            parsed = ip.parse(pkt);
            if (parsed != Verdict.OK) return parsed;
            IpsecMode mode = sa.sa().mode();
            if (mode == IpsecMode.ANY) mode = appliedMode(s, outerLen);
            s.history[s.historyLength] = sa;
            s.historyMode[s.historyLength] = mode;
            s.historyLength++;
        }
    }

    private static boolean isIpInIp(int protocol) {
        return protocol == IpProtocol.IPV4 || protocol == IpProtocol.IPV6;
    }

    /**
     * An IP-in-IP packet for us between the endpoints of a tunnel-mode IPComp SA: what IPComp sends in tunnel mode
     * when compression did not pay (RFC 3173 section 2.2; KAME and Linux do so for small packets). The outer header
     * goes as a decapsulation would take it, and the SA counts as applied, so the loop goes on with the inner packet.
     * Returns false (the packet untouched) when no such SA exists.
     */
    private boolean uncompressedTunnel(PacketBuffer pkt, Scratch s) {
        IpPacket ip = s.ip;
        SaEntry sa = sad.lookupOutbound(SaProtocol.IPCOMP, IpsecMode.TUNNEL, ip.buffer(), ip.sourceOffset(),
                ip.buffer(), ip.destinationOffset(), ip.addressLength(), 0);
        if (sa == null || sa.sa().mode() == IpsecMode.TRANSPORT) return false;
        pkt.trimFront(ip.upperOffset() - ip.start());
        s.history[s.historyLength] = sa;
        s.historyMode[s.historyLength] = IpsecMode.TUNNEL;
        s.historyLength++;
        return true;
    }

    /**
     * The mode an SA of mode {@code any} was applied in, as far as the packet shows it: the transform hands back the
     * inner packet of a tunnel and the shortened packet of transport mode, so an inner packet between other addresses
     * than the outer header's came out of a tunnel; with the same addresses either mode fits ({@link IpsecMode#ANY}),
     * and the protection is the same.
     */
    private static IpsecMode appliedMode(Scratch s, int outerLen) {
        return s.ip.addressesEqual(s.src, s.dst, outerLen) ? IpsecMode.ANY : IpsecMode.TUNNEL;
    }

    private Verdict checkPolicy(Scratch s, LocalPolicies sockets) {
        IpPacket ip = s.ip;
        ip.fillFlow(s.flow);
        boolean local = locals.contains(ip.buffer(), ip.destinationOffset(), ip.addressLength());
        SecurityPolicy socket = local && sockets != null ? sockets.inbound(s.flow) : null;
        PolicyAction action;
        List<IpsecRequest> rules = null;
        if (socket != null) {
            action = socket.action();
            rules = socket.rules();
        } else {
            PolicyEntry entry = null;
            if (!local) entry = spd.lookup(Direction.FWD, s.flow);
            if (entry == null) entry = spd.lookup(Direction.IN, s.flow);
            if (entry == null) {
                action = settings.defaultAction(ip.version());
            } else {
                entry.recordMatch();
                action = entry.policy().action();
                rules = entry.policy().rules();
            }
        }
        if (action == PolicyAction.DISCARD) return Verdict.POLICY_DISCARD;
        if (action == PolicyAction.IPSEC && !InboundPolicyCheck.satisfied(rules, s, settings)) {
            return Verdict.POLICY_VIOLATION;
        }
        return Verdict.OK;
    }
}
