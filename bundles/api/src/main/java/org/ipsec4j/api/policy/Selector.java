package org.ipsec4j.api.policy;

import java.util.Objects;

/**
 * The traffic a policy applies to: {@code src_range dst_range upperspec} of setkey(8).
 *
 * @param source          source prefix
 * @param sourcePort      source port, {@link #ANY_PORT} for {@code [any]} or none
 * @param destination     destination prefix, of the source's family
 * @param destinationPort destination port, {@link #ANY_PORT} for any
 * @param upperLayer      upper-layer protocol number, {@link #ANY_PROTOCOL} for {@code any}
 * @param icmpType        ICMP or ICMPv6 type, {@link #ANY_ICMP} for any (only with icmp/icmp6)
 * @param icmpCode        ICMP code, {@link #ANY_ICMP} for any
 */
public record Selector(IpPrefix source, int sourcePort, IpPrefix destination, int destinationPort, int upperLayer,
        int icmpType, int icmpCode) {
    public static final int ANY_PORT = 0;
    /** KAME's {@code IPSEC_ULPROTO_ANY}. */
    public static final int ANY_PROTOCOL = 255;
    public static final int ANY_ICMP = -1;

    public Selector {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (source.isIpv4() != destination.isIpv4()) {
            throw new IllegalArgumentException("source and destination must be of one address family");
        }
        if (sourcePort < 0 || sourcePort > 65535 || destinationPort < 0 || destinationPort > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
        if (upperLayer < 0 || upperLayer > 255) {
            throw new IllegalArgumentException("upper-layer protocol out of range: " + upperLayer);
        }
        if (icmpType < -1 || icmpType > 255 || icmpCode < -1 || icmpCode > 255) {
            throw new IllegalArgumentException("ICMP type or code out of range");
        }
    }

    /** A selector on prefixes and protocol only. */
    public static Selector of(IpPrefix source, IpPrefix destination, int upperLayer) {
        return new Selector(source, ANY_PORT, destination, ANY_PORT, upperLayer, ANY_ICMP, ANY_ICMP);
    }

    public boolean isIpv4() {
        return source.isIpv4();
    }

    /** Whether a packet's flow matches. Allocates nothing. */
    public boolean matches(FlowKey f) {
        int len = f.addressLength();
        if (!source.contains(f.source(), 0, len) || !destination.contains(f.destination(), 0, len)) {
            return false;
        }
        if (upperLayer != ANY_PROTOCOL && upperLayer != f.protocol()) {
            return false;
        }
        if (sourcePort != ANY_PORT && sourcePort != f.sourcePort()) {
            return false;
        }
        if (destinationPort != ANY_PORT && destinationPort != f.destinationPort()) {
            return false;
        }
        if (icmpType != ANY_ICMP && icmpType != f.icmpType()) {
            return false;
        }
        return icmpCode == ANY_ICMP || icmpCode == f.icmpCode();
    }
}
