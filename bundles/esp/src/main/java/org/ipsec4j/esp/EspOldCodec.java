package org.ipsec4j.esp;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.ipsec4j.api.packet.Ecn;
import org.ipsec4j.api.packet.EspHeader;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6ExtensionHeaders;
import org.ipsec4j.api.packet.Ipv6Header;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;

/**
 * The RFC 1827 packet of {@link EspOldTransform}: {@code SPI | IV | encrypted(payload | padding | pad length | next
 * header)}. Output inserts the header where ESP's goes (behind the IP header and the IPv6 extension headers ESP stays
 * behind, or behind a new outer header in tunnel mode), writes padding and trailer into the tail-room and encrypts in
 * place; input checks the lengths, decrypts in place and removes the header and trailer.
 */
final class EspOldCodec {
    /** The SPI: all of RFC 1827's header in front of the IV. */
    static final int SPI_LENGTH = 4;

    private final EspOptions options;
    private final AtomicInteger ipIdentification;

    EspOldCodec(EspOptions options, int firstIdentification) {
        this.options = options;
        this.ipIdentification = new AtomicInteger(firstIdentification);
    }

    Verdict output(PacketBuffer pkt, SaEntry sa, EspBinding b, EspThreadState t, boolean tunnel) {
        byte[] buf = pkt.array();
        if (pkt.length() < 1) {
            return Verdict.TRUNCATED;
        }
        int version = (buf[pkt.start()] & 0xff) >>> 4;
        int headerLen;
        int nextHeader;
        int typeField = -1;
        int tos = 0;
        boolean innerDf = true;
        if (version == 4) {
            Ipv4Header ip = t.ip4;
            Verdict v = ip.wrap(pkt);
            if (v != Verdict.OK) {
                return v;
            }
            if (!tunnel && ip.isFragment()) {
                return Verdict.BAD_HEADER;
            }
            trimTo(pkt, ip.totalLength());
            headerLen = tunnel ? 0 : ip.headerLength();
            nextHeader = tunnel ? IpProtocol.IPV4 : ip.protocol();
            typeField = ip.protocolOffset();
            tos = ip.tos();
            innerDf = ip.dontFragment();
        } else if (version == 6) {
            Ipv6Header ip = t.ip6;
            Verdict v = ip.wrap(pkt);
            if (v != Verdict.OK) {
                return v;
            }
            trimTo(pkt, ip.totalLength());
            tos = ip.trafficClass();
            if (tunnel) {
                headerLen = 0;
                nextHeader = IpProtocol.IPV6;
            } else {
                Ipv6ExtensionHeaders ext = t.ext.start(buf, pkt.start(), pkt.end());
                v = ext.seekTransportInsertion();
                if (v != Verdict.OK) {
                    return v;
                }
                headerLen = ext.offset() - pkt.start();
                nextHeader = ext.type();
                typeField = ext.typeFieldOffset();
            }
        } else {
            return Verdict.BAD_HEADER;
        }
        boolean outer4 = tunnel ? b.source.length == 4 : version == 4;
        int outerLen = tunnel ? (outer4 ? Ipv4Header.MIN_LENGTH : Ipv6Header.LENGTH) : 0;
        int payloadLen = pkt.length() - headerLen;
        int head = outerLen + SPI_LENGTH + b.ivSize;
        int pad = EspHeader.padFor(payloadLen, b.alignment);
        int tail = pad + EspHeader.TRAILER_LENGTH;
        int total = pkt.length() + head + tail;
        if (total - (outer4 ? 0 : Ipv6Header.LENGTH) > 0xffff) {
            return Verdict.BAD_LENGTH;
        }
        if (pkt.headroom() < head || pkt.tailroom() < tail) {
            return Verdict.NO_BUFFER_SPACE;
        }
        int plainLen = pkt.length();
        int oldStart = pkt.start();
        int start = pkt.prepend(head);
        if (!tunnel) {
            System.arraycopy(buf, oldStart, buf, start, headerLen);
            buf[typeField - head] = (byte) IpProtocol.ESP;
        }
        pkt.append(tail);
        int espOff = start + outerLen + headerLen;
        seal(buf, espOff, payloadLen, pad, nextHeader, sa.sa(), b, t);
        if (tunnel) {
            outerHeader(buf, start, outer4, total, tos, innerDf, b, t);
        } else if (version == 4) {
            t.ip4.bind(buf, start).setTotalLength(total).fillChecksum();
        } else {
            t.ip6.bind(buf, start).setPayloadLength(total - Ipv6Header.LENGTH);
        }
        sa.recordOutput(plainLen);
        return Verdict.OK;
    }

    private void seal(byte[] buf, int espOff, int payloadLen, int pad, int nextHeader, SecurityAssociation cfg,
            EspBinding b, EspThreadState t) {
        Field.put32(buf, espOff, cfg.spi());
        int ivOff = espOff + SPI_LENGTH;
        int dataOff = ivOff + b.ivSize;
        t.random.nextBytes(buf, ivOff, b.ivSize);
        int padOff = dataOff + payloadLen;
        switch (cfg.padding()) {
            case SEQUENTIAL -> {
                for (int i = 0; i < pad; i++) {
                    buf[padOff + i] = (byte) (i + 1);
                }
            }
            case ZERO -> Arrays.fill(buf, padOff, padOff + pad, (byte) 0);
            case RANDOM -> t.random.nextBytes(buf, padOff, pad);
        }
        int trailerEnd = padOff + pad + EspHeader.TRAILER_LENGTH;
        EspHeader.putTrailer(buf, trailerEnd, pad, nextHeader);
        b.cipher.encrypt(buf, ivOff, buf, dataOff, trailerEnd - dataOff);
    }

    private void outerHeader(byte[] buf, int start, boolean outer4, int total, int tos, boolean innerDf,
            EspBinding b, EspThreadState t) {
        int outerTos = (tos & 0xfc) | Ecn.encapsulate(tos & 3);
        if (outer4) {
            boolean df = switch (options.df()) {
                case COPY -> innerDf;
                case SET -> true;
                case CLEAR -> false;
            };
            Ipv4Header ip = t.ip4.bind(buf, start).setHeaderLength(Ipv4Header.MIN_LENGTH).setTos(outerTos)
                    .setTotalLength(total).setIdentification(ipIdentification.getAndIncrement() & 0xffff)
                    .setUnfragmented(df).setTtl(options.ttl()).setProtocol(IpProtocol.ESP);
            System.arraycopy(b.source, 0, buf, ip.sourceOffset(), 4);
            System.arraycopy(b.destination, 0, buf, ip.destinationOffset(), 4);
            ip.fillChecksum();
        } else {
            Ipv6Header ip = t.ip6.bind(buf, start).setVersionClassFlow(outerTos, 0)
                    .setPayloadLength(total - Ipv6Header.LENGTH).setNextHeader(IpProtocol.ESP)
                    .setHopLimit(options.hopLimit());
            System.arraycopy(b.source, 0, buf, ip.sourceOffset(), 16);
            System.arraycopy(b.destination, 0, buf, ip.destinationOffset(), 16);
        }
    }

    Verdict input(PacketBuffer pkt, SaEntry sa, EspBinding b, EspThreadState t) {
        byte[] buf = pkt.array();
        if (pkt.length() < 1) {
            return Verdict.TRUNCATED;
        }
        int start = pkt.start();
        int version = (buf[start] & 0xff) >>> 4;
        int espOff;
        int typeField;
        int outerEcn;
        if (version == 4) {
            Ipv4Header ip = t.ip4;
            Verdict v = ip.wrap(pkt);
            if (v != Verdict.OK) {
                return v;
            }
            if (!ip.verifyChecksum() || ip.isFragment() || ip.protocol() != IpProtocol.ESP) {
                return Verdict.BAD_HEADER;
            }
            trimTo(pkt, ip.totalLength());
            espOff = start + ip.headerLength();
            typeField = ip.protocolOffset();
            outerEcn = ip.ecn();
        } else if (version == 6) {
            Ipv6Header ip = t.ip6;
            Verdict v = ip.wrap(pkt);
            if (v != Verdict.OK) {
                return v;
            }
            trimTo(pkt, ip.totalLength());
            Ipv6ExtensionHeaders ext = t.ext.start(buf, start, pkt.end());
            while (ext.type() != IpProtocol.ESP) {
                if (ext.onFragment()) {
                    return Verdict.BAD_HEADER;
                }
                v = ext.advance();
                if (v != Verdict.OK) {
                    return v;
                }
            }
            espOff = ext.offset();
            typeField = ext.typeFieldOffset();
            outerEcn = ip.ecn();
        } else {
            return Verdict.BAD_HEADER;
        }
        SecurityAssociation cfg = sa.sa();
        int end = pkt.end();
        int ivOff = espOff + SPI_LENGTH;
        int dataOff = ivOff + b.ivSize;
        int textLen = end - dataOff;
        if (textLen < EspHeader.TRAILER_LENGTH) {
            return Verdict.TRUNCATED;
        }
        if (textLen % b.alignment != 0) {
            return Verdict.BAD_LENGTH;
        }
        if (Field.i32(buf, espOff) != cfg.spi()) {
            return Verdict.NO_SA;
        }
        b.cipher.decrypt(buf, ivOff, buf, dataOff, textLen);
        int padLen = EspHeader.padLength(buf, end);
        if (padLen + EspHeader.TRAILER_LENGTH > textLen) {
            return Verdict.BAD_PADDING;
        }
        int nextHeader = EspHeader.nextHeader(buf, end);
        int payloadEnd = end - EspHeader.TRAILER_LENGTH - padLen;
        boolean tunnel = cfg.mode() == IpsecMode.TUNNEL || (cfg.mode() == IpsecMode.ANY
                && (nextHeader == IpProtocol.IPV4 || nextHeader == IpProtocol.IPV6));
        Verdict v = tunnel ? decapsulate(pkt, t, dataOff, payloadEnd, nextHeader, outerEcn)
                : strip(pkt, t, version, espOff, dataOff, payloadEnd, typeField, nextHeader);
        if (v == Verdict.OK) {
            sa.recordInput(pkt.length());
        }
        return v;
    }

    private static Verdict decapsulate(PacketBuffer pkt, EspThreadState t, int off, int end, int nextHeader,
            int outerEcn) {
        byte[] buf = pkt.array();
        int len = end - off;
        int innerLen;
        if (nextHeader == IpProtocol.IPV4 && len > 0 && (buf[off] & 0xf0) == 0x40) {
            Ipv4Header inner = t.inner4;
            Verdict v = inner.wrap(buf, off, len);
            if (v != Verdict.OK) {
                return v == Verdict.TRUNCATED ? Verdict.BAD_LENGTH : v;
            }
            int ecn = Ecn.decapsulate(outerEcn, inner.ecn());
            if (ecn == Ecn.DROP) {
                return Verdict.ECN_DROP;
            }
            if (ecn != inner.ecn()) {
                inner.setEcnAdjustingChecksum(ecn);
            }
            innerLen = inner.totalLength();
        } else if (nextHeader == IpProtocol.IPV6 && len > 0 && (buf[off] & 0xf0) == 0x60) {
            Ipv6Header inner = t.inner6;
            Verdict v = inner.wrap(buf, off, len);
            if (v != Verdict.OK) {
                return v == Verdict.TRUNCATED ? Verdict.BAD_LENGTH : v;
            }
            int ecn = Ecn.decapsulate(outerEcn, inner.ecn());
            if (ecn == Ecn.DROP) {
                return Verdict.ECN_DROP;
            }
            inner.setEcn(ecn);
            innerLen = inner.totalLength();
        } else {
            return nextHeader == IpProtocol.IPV4 || nextHeader == IpProtocol.IPV6 ? Verdict.BAD_HEADER
                    : Verdict.BAD_NEXT_HEADER;
        }
        pkt.bounds(off, off + innerLen);
        return Verdict.OK;
    }

    private static Verdict strip(PacketBuffer pkt, EspThreadState t, int version, int espOff, int dataOff,
            int payloadEnd, int typeField, int nextHeader) {
        if (nextHeader == IpProtocol.HOPOPT || nextHeader == IpProtocol.RESERVED) {
            return Verdict.BAD_NEXT_HEADER;
        }
        byte[] buf = pkt.array();
        int start = pkt.start();
        int shift = dataOff - espOff;
        System.arraycopy(buf, start, buf, start + shift, espOff - start);
        int newStart = start + shift;
        buf[typeField + shift] = (byte) nextHeader;
        pkt.bounds(newStart, payloadEnd);
        if (version == 4) {
            t.ip4.bind(buf, newStart).setTotalLength(payloadEnd - newStart).fillChecksum();
        } else {
            t.ip6.bind(buf, newStart).setPayloadLength(payloadEnd - newStart - Ipv6Header.LENGTH);
        }
        return Verdict.OK;
    }

    private static void trimTo(PacketBuffer pkt, int length) {
        if (pkt.length() > length) {
            pkt.trimBack(pkt.length() - length);
        }
    }

    /** Big-endian 32-bit fields (the SPI). */
    private static final class Field {
        static int i32(byte[] b, int i) {
            return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
        }

        static void put32(byte[] b, int i, int v) {
            b[i] = (byte) (v >>> 24);
            b[i + 1] = (byte) (v >>> 16);
            b[i + 2] = (byte) (v >>> 8);
            b[i + 3] = (byte) v;
        }
    }
}
