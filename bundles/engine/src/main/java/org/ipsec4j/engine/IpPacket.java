package org.ipsec4j.engine;

import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6ExtensionHeaders;
import org.ipsec4j.api.packet.Ipv6Header;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.policy.FlowKey;
import org.ipsec4j.api.transform.Verdict;

/**
 * The engine's view of one IP packet: the API's checked IPv4 or IPv6 header view, with the IPv6 extension header chain
 * walked to the upper-layer protocol. {@link #parse(PacketBuffer)} checks every length once; the accessors after an
 * {@link Verdict#OK} cannot fail. One instance per thread; allocates nothing.
 */
final class IpPacket {
    private final Ipv4Header v4 = new Ipv4Header();
    private final Ipv6Header v6 = new Ipv6Header();
    private final Ipv6ExtensionHeaders chain = new Ipv6ExtensionHeaders();

    private byte[] buf;
    private int start;
    private int end;
    private int version;
    private int upperOffset;
    private int protocol;
    private boolean fragment;
    private boolean laterFragment;

    /**
     * Checks the IP header of {@code pkt} and walks to its upper-layer header. Trims bytes past the datagram's declared
     * length (link-layer padding). Returns the API view's verdict for a malformed packet.
     */
    Verdict parse(PacketBuffer pkt) {
        buf = pkt.array();
        start = pkt.start();
        if (pkt.length() < 1) return Verdict.TRUNCATED;
        version = (buf[start] & 0xff) >>> 4;
        Verdict v = version == 4 ? parseIpv4(pkt) : version == 6 ? parseIpv6(pkt) : Verdict.BAD_HEADER;
        if (v != Verdict.OK) return v;
        if (end < pkt.end()) pkt.trimBack(pkt.end() - end);
        return Verdict.OK;
    }

    private Verdict parseIpv4(PacketBuffer pkt) {
        Verdict v = v4.wrap(pkt);
        if (v != Verdict.OK) return v;
        end = start + v4.totalLength();
        fragment = v4.isFragment();
        laterFragment = v4.fragmentOffset() != 0;
        protocol = v4.protocol();
        upperOffset = start + v4.headerLength();
        return Verdict.OK;
    }

    private Verdict parseIpv6(PacketBuffer pkt) {
        Verdict v = v6.wrap(pkt);
        if (v != Verdict.OK) return v;
        end = start + v6.totalLength();
        fragment = false;
        laterFragment = false;
        chain.start(buf, start, end);
        while (Ipv6ExtensionHeaders.isExtension(chain.type())) {
            boolean onFragment = chain.type() == IpProtocol.FRAGMENT && chain.onFragment();
            int fragmentHeader = chain.offset();
            v = chain.advance();
            if (v != Verdict.OK) return v;
            if (onFragment) {
                fragment = true;
                laterFragment = (((buf[fragmentHeader + 2] & 0xff) << 8 | (buf[fragmentHeader + 3] & 0xff)) & 0xfff8) != 0;
                if (laterFragment) break; // what follows is the middle of a datagram, not headers
            }
        }
        protocol = chain.type();
        upperOffset = chain.offset();
        return Verdict.OK;
    }

    /**
     * Fills {@code flow} with the selector fields: addresses, upper-layer protocol, ports (TCP, UDP, SCTP), ICMP or
     * ICMPv6 type and code. Fragments after the first carry no ports, so they match only port-less selectors.
     */
    void fillFlow(FlowKey flow) {
        flow.addresses(buf, sourceOffset(), destinationOffset(), addressLength());
        int avail = laterFragment ? 0 : end - upperOffset;
        switch (protocol) {
            case IpProtocol.TCP, IpProtocol.UDP, Protocols.SCTP -> {
                if (avail >= 4) {
                    flow.transport(protocol, u16(upperOffset), u16(upperOffset + 2));
                } else {
                    flow.transport(protocol, 0, 0);
                }
            }
            case IpProtocol.ICMP, IpProtocol.ICMPV6 -> {
                if (avail >= 2) {
                    flow.icmp(protocol, buf[upperOffset] & 0xff, buf[upperOffset + 1] & 0xff);
                } else {
                    flow.transport(protocol, 0, 0);
                }
            }
            default -> flow.transport(protocol, 0, 0);
        }
    }

    /** Whether this is an ESP, AH or IPComp packet. */
    boolean isIpsec() {
        return protocol == IpProtocol.ESP || protocol == IpProtocol.AH || protocol == IpProtocol.IPCOMP;
    }

    /** Whether the packet is long enough to hold its IPsec header's SPI (ESP, AH) or CPI (IPComp). */
    boolean hasSpi() {
        int avail = laterFragment ? 0 : end - upperOffset;
        return switch (protocol) {
            case IpProtocol.ESP -> avail >= 8;
            case IpProtocol.AH -> avail >= 12;
            case IpProtocol.IPCOMP -> avail >= 4;
            default -> false;
        };
    }

    /** The SPI (ESP, AH) or CPI (IPComp); valid after {@link #hasSpi()} said yes. */
    int spi() {
        return switch (protocol) {
            case IpProtocol.ESP -> s32(upperOffset);
            case IpProtocol.AH -> s32(upperOffset + 4);
            case IpProtocol.IPCOMP -> u16(upperOffset + 2);
            default -> 0;
        };
    }

    byte[] buffer() { return buf; }
    int version() { return version; }
    int start() { return start; }
    int end() { return end; }
    int protocol() { return protocol; }
    int upperOffset() { return upperOffset; }
    boolean isFragment() { return fragment; }
    int addressLength() { return version == 4 ? 4 : 16; }
    int sourceOffset() { return version == 4 ? v4.sourceOffset() : v6.sourceOffset(); }
    int destinationOffset() { return version == 4 ? v4.destinationOffset() : v6.destinationOffset(); }

    /** The IPv4 TOS or IPv6 traffic class. */
    int trafficClass() {
        return version == 4 ? v4.tos() : v6.trafficClass();
    }

    /** Whether an IPv4 packet has DF set (false for IPv6). */
    boolean dontFragment() {
        return version == 4 && v4.dontFragment();
    }

    /** Whether the IPv4 header checksum verifies (true for IPv6, which has none). */
    boolean headerChecksumValid() {
        return version != 4 || v4.verifyChecksum();
    }

    /** Sets the ECN field and, for IPv4, DF (checksum refreshed). */
    void setEcnAndDontFragment(int ecn, boolean df) {
        if (version == 4) {
            v4.setEcn(ecn);
            if (!v4.isFragment()) v4.setUnfragmented(df);
            v4.fillChecksum();
        } else {
            v6.setEcn(ecn);
        }
    }

    /** Whether this packet's source and destination equal {@code src}/{@code dst} (each {@code len} bytes). */
    boolean addressesEqual(byte[] src, byte[] dst, int len) {
        if (len != addressLength()) return false;
        return java.util.Arrays.equals(buf, sourceOffset(), sourceOffset() + len, src, 0, len)
                && java.util.Arrays.equals(buf, destinationOffset(), destinationOffset() + len, dst, 0, len);
    }

    /** Copies the source and destination addresses into {@code src} and {@code dst}. */
    void copyAddresses(byte[] src, byte[] dst) {
        int len = addressLength();
        System.arraycopy(buf, sourceOffset(), src, 0, len);
        System.arraycopy(buf, destinationOffset(), dst, 0, len);
    }

    private int u16(int off) {
        return ((buf[off] & 0xff) << 8) | (buf[off + 1] & 0xff);
    }

    private int s32(int off) {
        return ((buf[off] & 0xff) << 24) | ((buf[off + 1] & 0xff) << 16) | ((buf[off + 2] & 0xff) << 8)
                | (buf[off + 3] & 0xff);
    }

    /** Protocol numbers the API's {@link IpProtocol} does not name. */
    static final class Protocols {
        static final int SCTP = 132;

        private Protocols() {
        }
    }
}
