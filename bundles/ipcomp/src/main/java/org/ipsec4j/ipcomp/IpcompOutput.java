package org.ipsec4j.ipcomp;

import java.util.concurrent.atomic.AtomicInteger;
import org.ipsec4j.api.crypto.CompressionContext;
import org.ipsec4j.api.packet.Ecn;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6ExtensionHeaders;
import org.ipsec4j.api.packet.Ipv6Header;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.transform.Verdict;

/**
 * IPComp output, RFC 3173 section 2.2: the payload is compressed into scratch; only when it is at least
 * {@link IpcompOptions#minimumPayload()} bytes long and the IPComp header plus the compressed bytes are shorter than it
 * does the packet change, else it goes on as it was, without an IPComp header (in tunnel mode: an IP-in-IP packet). The
 * compressed bytes are then copied back behind the new header; the packet only shrinks, so transport mode needs no
 * room.
 */
final class IpcompOutput {
    private final AtomicInteger ipIdentification;

    IpcompOutput(int firstIdentification) {
        this.ipIdentification = new AtomicInteger(firstIdentification);
    }

    /** Transport mode over IPv4: IPComp replaces the payload after the IP header (options included). */
    Verdict transport4(PacketBuffer pkt, CompressionContext c, int cpi, IpcompThreadState t, IpcompOptions options) {
        Ipv4Header ip = t.ip4;
        Verdict v = ip.wrap(pkt);
        if (v != Verdict.OK) {
            return v;
        }
        if (ip.isFragment()) {
            return Verdict.BAD_HEADER; // IPsec applies before fragmentation (RFC 4301 section 7)
        }
        trimTo(pkt, ip.totalLength());
        int headerLen = ip.headerLength();
        int payOff = pkt.start() + headerLen;
        int compressed = compress(pkt, payOff, c, t, options);
        if (compressed > 0) {
            byte[] buf = pkt.array();
            IpcompHeader.write(buf, payOff, ip.protocol(), cpi);
            System.arraycopy(t.scratch, 0, buf, payOff + IpcompHeader.LENGTH, compressed);
            int total = headerLen + IpcompHeader.LENGTH + compressed;
            pkt.bounds(pkt.start(), pkt.start() + total);
            ip.setTotalLength(total).setProtocol(IpProtocol.IPCOMP).fillChecksum();
        }
        return Verdict.OK;
    }

    /**
     * Transport mode over IPv6: IPComp goes where ESP and AH go ({@link Ipv6ExtensionHeaders#seekTransportInsertion()})
     * and everything behind that point is compressed.
     */
    Verdict transport6(PacketBuffer pkt, CompressionContext c, int cpi, IpcompThreadState t, IpcompOptions options) {
        Ipv6Header ip = t.ip6;
        Verdict v = ip.wrap(pkt);
        if (v != Verdict.OK) {
            return v;
        }
        trimTo(pkt, ip.totalLength());
        byte[] buf = pkt.array();
        Ipv6ExtensionHeaders ext = t.ext.start(buf, pkt.start(), pkt.end());
        v = ext.seekTransportInsertion();
        if (v != Verdict.OK) {
            return v;
        }
        int payOff = ext.offset();
        int compressed = compress(pkt, payOff, c, t, options);
        if (compressed > 0) {
            IpcompHeader.write(buf, payOff, ext.type(), cpi);
            buf[ext.typeFieldOffset()] = (byte) IpProtocol.IPCOMP;
            System.arraycopy(t.scratch, 0, buf, payOff + IpcompHeader.LENGTH, compressed);
            int end = payOff + IpcompHeader.LENGTH + compressed;
            pkt.bounds(pkt.start(), end);
            ip.setPayloadLength(end - pkt.start() - Ipv6Header.LENGTH);
        }
        return Verdict.OK;
    }

    /**
     * Tunnel mode: the whole IPv4 or IPv6 packet is compressed behind a new outer header and an IPComp header, or, when
     * compression does not pay, carried as it is behind the outer header alone (IP in IP, protocol 4 or 41). The outer
     * header is ESP's (RFC 4301 section 5.1.2): DSCP and ECN copied, DF copied from an inner IPv4 header (set for
     * IPv6), TTL or hop limit from the options, flow label 0.
     */
    Verdict tunnel(PacketBuffer pkt, CompressionContext c, int cpi, byte[] source, byte[] destination,
            IpcompThreadState t, IpcompOptions options) {
        byte[] buf = pkt.array();
        if (pkt.length() < 1) {
            return Verdict.TRUNCATED;
        }
        int version = (buf[pkt.start()] & 0xff) >>> 4;
        int nextHeader;
        int tos;
        boolean innerDf;
        if (version == 4) {
            Verdict v = t.inner4.wrap(pkt);
            if (v != Verdict.OK) {
                return v;
            }
            trimTo(pkt, t.inner4.totalLength());
            nextHeader = IpProtocol.IPV4;
            tos = t.inner4.tos();
            innerDf = t.inner4.dontFragment();
        } else if (version == 6) {
            Verdict v = t.inner6.wrap(pkt);
            if (v != Verdict.OK) {
                return v;
            }
            trimTo(pkt, t.inner6.totalLength());
            nextHeader = IpProtocol.IPV6;
            tos = t.inner6.trafficClass();
            innerDf = true;
        } else {
            return Verdict.BAD_HEADER;
        }
        boolean outer4 = source.length == 4;
        int outerLen = outer4 ? Ipv4Header.MIN_LENGTH : Ipv6Header.LENGTH;
        int innerStart = pkt.start();
        int compressed = compress(pkt, innerStart, c, t, options);
        int head = outerLen + (compressed > 0 ? IpcompHeader.LENGTH : 0);
        int payloadLen = compressed > 0 ? IpcompHeader.LENGTH + compressed : pkt.length();
        if (payloadLen + (outer4 ? outerLen : 0) > 0xffff) {
            return Verdict.BAD_LENGTH;
        }
        if (pkt.headroom() < head) {
            return Verdict.NO_BUFFER_SPACE;
        }
        int start = pkt.prepend(head);
        if (compressed > 0) {
            IpcompHeader.write(buf, start + outerLen, nextHeader, cpi);
            System.arraycopy(t.scratch, 0, buf, innerStart, compressed);
            pkt.bounds(start, innerStart + compressed);
        }
        int protocol = compressed > 0 ? IpProtocol.IPCOMP : nextHeader;
        int outerTos = (tos & 0xfc) | Ecn.encapsulate(tos & 3);
        if (outer4) {
            Ipv4Header ip = t.ip4.bind(buf, start).setHeaderLength(Ipv4Header.MIN_LENGTH).setTos(outerTos)
                    .setTotalLength(pkt.length()).setIdentification(ipIdentification.getAndIncrement() & 0xffff)
                    .setUnfragmented(innerDf).setTtl(options.ttl()).setProtocol(protocol);
            System.arraycopy(source, 0, buf, ip.sourceOffset(), 4);
            System.arraycopy(destination, 0, buf, ip.destinationOffset(), 4);
            ip.fillChecksum();
        } else {
            Ipv6Header ip = t.ip6.bind(buf, start).setVersionClassFlow(outerTos, 0)
                    .setPayloadLength(pkt.length() - Ipv6Header.LENGTH).setNextHeader(protocol)
                    .setHopLimit(options.hopLimit());
            System.arraycopy(source, 0, buf, ip.sourceOffset(), 16);
            System.arraycopy(destination, 0, buf, ip.destinationOffset(), 16);
        }
        return Verdict.OK;
    }

    /**
     * Compresses {@code pkt[from..end)} into the scratch; returns the compressed length when header and compressed
     * bytes together are shorter than the original, else 0 (also for payloads below the threshold).
     */
    private static int compress(PacketBuffer pkt, int from, CompressionContext c, IpcompThreadState t,
            IpcompOptions options) {
        int len = pkt.end() - from;
        if (len < options.minimumPayload() || len <= IpcompHeader.LENGTH + 1) {
            return 0;
        }
        int n = c.compress(pkt.array(), from, len, t.scratch, 0, len - IpcompHeader.LENGTH - 1);
        return n > 0 && n + IpcompHeader.LENGTH < len ? n : 0;
    }

    private static void trimTo(PacketBuffer pkt, int length) {
        if (pkt.length() > length) {
            pkt.trimBack(pkt.length() - length);
        }
    }
}
