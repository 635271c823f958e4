package org.ipsec4j.ah;

import java.util.concurrent.atomic.AtomicInteger;
import org.ipsec4j.api.packet.Ecn;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6ExtensionHeaders;
import org.ipsec4j.api.packet.Ipv6Header;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.transform.Verdict;

/**
 * AH output, RFC 4302 section 3.3: checks the packet and prepares the ICV prefix (which refuses malformed options
 * before anything is spent), makes head-room for AH (and the outer header in tunnel mode), takes a sequence number,
 * writes the header with a zero ICV field and computes the ICV in place. AH adds nothing at the end of the packet.
 */
final class AhOutput {
    private final AtomicInteger ipIdentification;

    AhOutput(int firstIdentification) {
        this.ipIdentification = new AtomicInteger(firstIdentification);
    }

    /** Transport mode over IPv4: AH goes between the IP header (options included) and its payload. */
    Verdict transport4(PacketBuffer pkt, SaEntry sa, AhBinding b, AhThreadState t, AhOptions options) {
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
        int ahLen = b.length(true, options);
        int total = ip.totalLength() + ahLen;
        if (total > 0xffff) {
            return Verdict.BAD_LENGTH;
        }
        if (pkt.headroom() < ahLen) {
            return Verdict.NO_BUFFER_SPACE;
        }
        byte[] buf = pkt.array();
        int oldStart = pkt.start();
        byte[] prefix = t.prefix(headerLen + b.fixed);
        v = IcvPrefix.ipv4(buf, oldStart, headerLen, prefix);
        if (v != Verdict.OK) {
            return v;
        }
        long seq = nextSequence(sa, b);
        if (seq == -1) {
            return Verdict.SEQUENCE_OVERFLOW;
        }
        int plainLen = pkt.length();
        int nextHeader = ip.protocol();
        int start = pkt.prepend(ahLen);
        System.arraycopy(buf, oldStart, buf, start, headerLen);
        ip.bind(buf, start).setTotalLength(total).setProtocol(IpProtocol.AH).fillChecksum();
        AhHeader.put16(prefix, 2, total); // immutable fields as they are now
        prefix[9] = (byte) IpProtocol.AH;
        seal(buf, start + headerLen, ahLen, nextHeader, pkt.end(), headerLen, seq, b, t);
        sa.recordOutput(plainLen);
        return Verdict.OK;
    }

    /**
     * Transport mode over IPv6: AH goes after hop-by-hop, routing and fragment headers and the destination options
     * before a routing header ({@link Ipv6ExtensionHeaders#seekTransportInsertion()}), as ESP does.
     */
    Verdict transport6(PacketBuffer pkt, SaEntry sa, AhBinding b, AhThreadState t, AhOptions options) {
        Ipv6Header ip = t.ip6;
        Verdict v = ip.wrap(pkt);
        if (v != Verdict.OK) {
            return v;
        }
        trimTo(pkt, ip.totalLength());
        byte[] buf = pkt.array();
        int oldStart = pkt.start();
        Ipv6ExtensionHeaders ext = t.ext.start(buf, oldStart, pkt.end());
        v = ext.seekTransportInsertion();
        if (v != Verdict.OK) {
            return v;
        }
        int headerLen = ext.offset() - oldStart;
        int ahLen = b.length(false, options);
        int payloadLength = ip.payloadLength() + ahLen;
        if (payloadLength > 0xffff) {
            return Verdict.BAD_LENGTH;
        }
        if (pkt.headroom() < ahLen) {
            return Verdict.NO_BUFFER_SPACE;
        }
        int nextHeader = ext.type();
        int typeField = ext.typeFieldOffset();
        byte[] prefix = t.prefix(headerLen + b.fixed);
        v = IcvPrefix.ipv6(buf, oldStart, headerLen, prefix, t.address);
        if (v != Verdict.OK) {
            return v;
        }
        long seq = nextSequence(sa, b);
        if (seq == -1) {
            return Verdict.SEQUENCE_OVERFLOW;
        }
        int plainLen = pkt.length();
        int start = pkt.prepend(ahLen);
        System.arraycopy(buf, oldStart, buf, start, headerLen);
        buf[typeField - ahLen] = (byte) IpProtocol.AH;
        ip.bind(buf, start).setPayloadLength(payloadLength);
        AhHeader.put16(prefix, 4, payloadLength);
        prefix[typeField - oldStart] = (byte) IpProtocol.AH;
        seal(buf, start + headerLen, ahLen, nextHeader, pkt.end(), headerLen, seq, b, t);
        sa.recordOutput(plainLen);
        return Verdict.OK;
    }

    /**
     * Tunnel mode: the whole IPv4 or IPv6 packet follows AH behind a new outer header from the SA's source to its
     * destination (RFC 4301 section 5.1.2): DSCP and ECN copied, DF copied from an inner IPv4 header (set for IPv6),
     * TTL or hop limit from the options, flow label 0. All of these are mutable for AH, so the engine may reshape them
     * afterwards (its {@code dfbit} and {@code ecn} settings) without breaking the ICV.
     */
    Verdict tunnel(PacketBuffer pkt, SaEntry sa, AhBinding b, AhThreadState t, AhOptions options) {
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
        boolean outer4 = b.source.length == 4;
        int outerLen = outer4 ? Ipv4Header.MIN_LENGTH : Ipv6Header.LENGTH;
        int ahLen = b.length(outer4, options);
        int payloadLen = pkt.length();
        int total = outerLen + ahLen + payloadLen;
        if (total - (outer4 ? 0 : Ipv6Header.LENGTH) > 0xffff) {
            return Verdict.BAD_LENGTH;
        }
        if (pkt.headroom() < outerLen + ahLen) {
            return Verdict.NO_BUFFER_SPACE;
        }
        long seq = nextSequence(sa, b);
        if (seq == -1) {
            return Verdict.SEQUENCE_OVERFLOW;
        }
        int start = pkt.prepend(outerLen + ahLen);
        int outerTos = (tos & 0xfc) | Ecn.encapsulate(tos & 3);
        byte[] prefix = t.prefix(outerLen + b.fixed);
        if (outer4) {
            Ipv4Header ip = t.ip4.bind(buf, start).setHeaderLength(Ipv4Header.MIN_LENGTH).setTos(outerTos)
                    .setTotalLength(total).setIdentification(ipIdentification.getAndIncrement() & 0xffff)
                    .setUnfragmented(innerDf).setTtl(options.ttl()).setProtocol(IpProtocol.AH);
            System.arraycopy(b.source, 0, buf, ip.sourceOffset(), 4);
            System.arraycopy(b.destination, 0, buf, ip.destinationOffset(), 4);
            ip.fillChecksum();
            IcvPrefix.ipv4(buf, start, outerLen, prefix); // a header without options: always OK
        } else {
            Ipv6Header ip = t.ip6.bind(buf, start).setVersionClassFlow(outerTos, 0)
                    .setPayloadLength(total - Ipv6Header.LENGTH).setNextHeader(IpProtocol.AH)
                    .setHopLimit(options.hopLimit());
            System.arraycopy(b.source, 0, buf, ip.sourceOffset(), 16);
            System.arraycopy(b.destination, 0, buf, ip.destinationOffset(), 16);
            IcvPrefix.ipv6(buf, start, outerLen, prefix, t.address); // no extension headers: always OK
        }
        seal(buf, start + outerLen, ahLen, nextHeader, pkt.end(), outerLen, seq, b, t);
        sa.recordOutput(payloadLen);
        return Verdict.OK;
    }

    private static void seal(byte[] buf, int ahOff, int ahLen, int nextHeader, int end, int prefixLen, long seq,
            AhBinding b, AhThreadState t) {
        AhHeader.write(buf, ahOff, ahLen, b.old, b.ivSize, nextHeader, b.config.spi(), seq);
        AhIcv.sign(b, t, buf, ahOff, end, prefixLen, seq, !b.old && b.config.extendedSequence());
    }

    /**
     * The SA's next sequence number, or -1 when there is none; 0 for ah-old, which has none. Under AES-GMAC the
     * sequence number is the IV, so an SA that cycled (the SAD hands out 0 only then) must stop for good rather than
     * repeat IVs.
     */
    private static long nextSequence(SaEntry sa, AhBinding b) {
        if (b.old) {
            return 0;
        }
        boolean counterIv = b.ivSize > 0;
        if (counterIv && b.owner.counterIvSpent) {
            return -1;
        }
        long seq = sa.nextSequence();
        if (counterIv && seq == 0) {
            b.owner.counterIvSpent = true;
            return -1;
        }
        return seq;
    }

    private static void trimTo(PacketBuffer pkt, int length) {
        if (pkt.length() > length) {
            pkt.trimBack(pkt.length() - length);
        }
    }
}
