package org.ipsec4j.engine.forward;

import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6ExtensionHeaders;
import org.ipsec4j.api.packet.Ipv6Header;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.transform.Verdict;

/**
 * What the forwarding path needs to know of an IPv4 or IPv6 packet: version, addresses, TTL, upper-layer protocol and
 * offset, fragmentation (the IPv6 fragment header located). {@link #parse} checks every length once (and the IPv4
 * header checksum); the accessors after {@link Verdict#OK} cannot fail. One per thread; allocates nothing.
 */
final class IpView {
    final Ipv4Header v4 = new Ipv4Header();
    final Ipv6Header v6 = new Ipv6Header();
    private final Ipv6ExtensionHeaders chain = new Ipv6ExtensionHeaders();

    byte[] buf;
    int start;
    int end;
    int version;
    /** The upper-layer protocol (for a later IPv6 fragment: the fragment header's next header). */
    int protocol;
    /** Where the upper-layer header starts (for a fragment: the fragment's data). */
    int upperOffset;
    boolean fragment;
    /** The fragment offset in bytes. */
    int fragmentOffset;
    boolean moreFragments;
    /** IPv6: the fragment header's offset, and the offset of the byte naming it; -1 without one. */
    int fragmentHeader = -1;
    int fragmentTypeField = -1;

    /** Parses {@code pkt}, trimming bytes past the datagram (link-layer padding). */
    Verdict parse(PacketBuffer pkt) {
        buf = pkt.array();
        start = pkt.start();
        fragmentHeader = -1;
        fragmentTypeField = -1;
        if (pkt.length() < 1) return Verdict.TRUNCATED;
        version = (buf[start] & 0xff) >>> 4;
        Verdict v = version == 4 ? parse4(pkt) : version == 6 ? parse6(pkt) : Verdict.BAD_HEADER;
        if (v != Verdict.OK) return v;
        if (end < pkt.end()) pkt.trimBack(pkt.end() - end);
        return Verdict.OK;
    }

    private Verdict parse4(PacketBuffer pkt) {
        Verdict v = v4.wrap(pkt);
        if (v != Verdict.OK) return v;
        if (!v4.verifyChecksum()) return Verdict.BAD_HEADER;
        end = start + v4.totalLength();
        protocol = v4.protocol();
        upperOffset = start + v4.headerLength();
        fragment = v4.isFragment();
        fragmentOffset = v4.fragmentOffset() * 8;
        moreFragments = v4.moreFragments();
        return Verdict.OK;
    }

    private Verdict parse6(PacketBuffer pkt) {
        Verdict v = v6.wrap(pkt);
        if (v != Verdict.OK) return v;
        end = start + v6.totalLength();
        fragment = false;
        fragmentOffset = 0;
        moreFragments = false;
        chain.start(buf, start, end);
        while (Ipv6ExtensionHeaders.isExtension(chain.type())) {
            if (chain.type() == IpProtocol.FRAGMENT) {
                if (chain.offset() + 8 > end) return Verdict.TRUNCATED;
                int h = chain.offset();
                int offFlags = ((buf[h + 2] & 0xff) << 8) | (buf[h + 3] & 0xff);
                fragmentHeader = h;
                fragmentTypeField = chain.typeFieldOffset();
                fragmentOffset = offFlags & 0xfff8;
                moreFragments = (offFlags & 1) != 0;
                fragment = fragmentOffset != 0 || moreFragments;
                protocol = buf[h] & 0xff;
                upperOffset = h + 8;
                if (fragment) return Verdict.OK; // what follows is part of a datagram, not headers to walk
            }
            v = chain.advance();
            if (v != Verdict.OK) return v;
        }
        protocol = chain.type();
        upperOffset = chain.offset();
        return Verdict.OK;
    }

    int addressLength() { return version == 4 ? 4 : 16; }
    int sourceOffset() { return version == 4 ? v4.sourceOffset() : v6.sourceOffset(); }
    int destinationOffset() { return version == 4 ? v4.destinationOffset() : v6.destinationOffset(); }
    int length() { return end - start; }

    /** The TTL or hop limit. */
    int ttl() {
        return version == 4 ? v4.ttl() : v6.hopLimit();
    }

    /** Decrements the TTL (updating the IPv4 checksum, verified on arrival, for it) or the hop limit. */
    void decrementTtl() {
        if (version == 4) {
            v4.decrementTtlAdjustingChecksum();
        } else {
            v6.setHopLimit(v6.hopLimit() - 1);
        }
    }

    /** Whether an IPv4 packet has DF set; an IPv6 packet counts as DF (routers never fragment it). */
    boolean dontFragment() {
        return version == 6 || v4.dontFragment();
    }

    /** Whether this is the first (or only) piece of its datagram: the one that carries the upper-layer header. */
    boolean firstFragment() {
        return fragmentOffset == 0;
    }

    /** Whether the upper-layer header is ICMP (IPv4) or ICMPv6 (IPv6). */
    boolean isIcmp() {
        return protocol == (version == 4 ? IpProtocol.ICMP : IpProtocol.ICMPV6);
    }

    /** Whether the packet's upper layer is IPsec (ESP, AH, IPComp). */
    boolean isIpsec() {
        return protocol == IpProtocol.ESP || protocol == IpProtocol.AH || protocol == IpProtocol.IPCOMP;
    }
}
