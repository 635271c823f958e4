package org.ipsec4j.esp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.ipsec4j.api.packet.Ecn;
import org.ipsec4j.api.packet.EspHeader;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6ExtensionHeaders;
import org.ipsec4j.api.packet.Ipv6Header;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;

/**
 * ESP output, RFC 4303 section 3.3: checks the packet, makes room (head-room for the ESP header and IV, and the outer
 * header in tunnel mode; tail-room for padding, trailer and ICV), takes a sequence number, writes header, IV, padding
 * and trailer, then encrypts and computes the ICV in place. Nothing is consumed (no sequence number) for a packet that
 * is refused.
 */
final class EspOutput {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final EspOptions options;
    private final IvSource ivSource;
    private final AtomicInteger ipIdentification;

    EspOutput(EspOptions options, IvSource ivSource, int firstIdentification) {
        this.options = options;
        this.ivSource = ivSource;
        this.ipIdentification = new AtomicInteger(firstIdentification);
    }

    /** Transport mode over IPv4: ESP goes between the IP header (options included) and its payload. */
    Verdict transport4(PacketBuffer pkt, SaEntry sa, EspBinding b, EspThreadState t) {
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
        int payloadLen = ip.payloadLength();
        int head = EspHeader.LENGTH + b.ivSize;
        int pad = EspHeader.padFor(payloadLen, b.alignment);
        int tail = pad + EspHeader.TRAILER_LENGTH + b.icvSize;
        int total = ip.totalLength() + head + tail;
        if (total > 0xffff) {
            return Verdict.BAD_LENGTH;
        }
        if (pkt.headroom() < head || pkt.tailroom() < tail) {
            return Verdict.NO_BUFFER_SPACE;
        }
        long seq = nextSequence(sa, b);
        if (seq == -1) {
            return Verdict.SEQUENCE_OVERFLOW;
        }
        int plainLen = pkt.length();
        int nextHeader = ip.protocol();
        byte[] buf = pkt.array();
        int oldStart = pkt.start();
        int start = pkt.prepend(head);
        System.arraycopy(buf, oldStart, buf, start, headerLen);
        pkt.append(tail);
        seal(buf, start + headerLen, payloadLen, pad, nextHeader, seq, sa.sa(), b, t);
        ip.bind(buf, start).setLengthAndProtocolAdjustingChecksum(total, IpProtocol.ESP);
        sa.recordOutput(plainLen);
        return Verdict.OK;
    }

    /**
     * Transport mode over IPv6: ESP goes after hop-by-hop, routing and fragment headers and the destination options
     * before a routing header ({@link Ipv6ExtensionHeaders#seekTransportInsertion()}).
     */
    Verdict transport6(PacketBuffer pkt, SaEntry sa, EspBinding b, EspThreadState t) {
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
        int payloadLen = pkt.end() - ext.offset();
        int head = EspHeader.LENGTH + b.ivSize;
        int pad = EspHeader.padFor(payloadLen, b.alignment);
        int tail = pad + EspHeader.TRAILER_LENGTH + b.icvSize;
        int payloadLength = ip.payloadLength() + head + tail;
        if (payloadLength > 0xffff) {
            return Verdict.BAD_LENGTH;
        }
        if (pkt.headroom() < head || pkt.tailroom() < tail) {
            return Verdict.NO_BUFFER_SPACE;
        }
        long seq = nextSequence(sa, b);
        if (seq == -1) {
            return Verdict.SEQUENCE_OVERFLOW;
        }
        int plainLen = pkt.length();
        int nextHeader = ext.type();
        int typeField = ext.typeFieldOffset();
        int start = pkt.prepend(head);
        System.arraycopy(buf, oldStart, buf, start, headerLen);
        buf[typeField - head] = (byte) IpProtocol.ESP;
        pkt.append(tail);
        seal(buf, start + headerLen, payloadLen, pad, nextHeader, seq, sa.sa(), b, t);
        ip.bind(buf, start).setPayloadLength(payloadLength);
        sa.recordOutput(plainLen);
        return Verdict.OK;
    }

    /**
     * Tunnel mode: the whole IPv4 or IPv6 packet becomes the payload behind a new outer header from the SA's source to
     * its destination (RFC 4301 section 5.1.2): DSCP copied, ECN copied (RFC 6040 normal mode), DF as configured,
     * TTL or hop limit from the options, flow label 0 (the inner flows stay hidden).
     */
    Verdict tunnel(PacketBuffer pkt, SaEntry sa, EspBinding b, EspThreadState t) {
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
        int payloadLen = pkt.length();
        int head = outerLen + EspHeader.LENGTH + b.ivSize;
        int pad = EspHeader.padFor(payloadLen, b.alignment);
        int tail = pad + EspHeader.TRAILER_LENGTH + b.icvSize;
        int total = payloadLen + head + tail;
        if (total - (outer4 ? 0 : Ipv6Header.LENGTH) > 0xffff) {
            return Verdict.BAD_LENGTH;
        }
        if (pkt.headroom() < head || pkt.tailroom() < tail) {
            return Verdict.NO_BUFFER_SPACE;
        }
        long seq = nextSequence(sa, b);
        if (seq == -1) {
            return Verdict.SEQUENCE_OVERFLOW;
        }
        int start = pkt.prepend(head);
        pkt.append(tail);
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
        seal(buf, start + outerLen, payloadLen, pad, nextHeader, seq, sa.sa(), b, t);
        sa.recordOutput(payloadLen);
        return Verdict.OK;
    }

    /**
     * Writes the ESP header at {@code espOff}, the IV, the padding and trailer behind the {@code payloadLen} bytes of
     * payload that follow the IV, then encrypts and authenticates in place (the ICV goes right after the trailer).
     */
    private void seal(byte[] buf, int espOff, int payloadLen, int pad, int nextHeader, long seq,
            SecurityAssociation cfg, EspBinding b, EspThreadState t) {
        t.esp.bind(buf, espOff).setSpi(cfg.spi()).setSequence((int) seq);
        int ivOff = espOff + EspHeader.LENGTH;
        int dataOff = ivOff + b.ivSize;
        if (b.ivSize > 0) {
            writeIv(buf, ivOff, b.ivSize, seq, b.counterIv, t);
        }
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
        int textLen = trailerEnd - dataOff;
        boolean esn = cfg.extendedSequence();
        if (b.aead != null) {
            if (esn) {
                EspAad.put(t.aad, cfg.spi(), seq);
                b.aead.seal(buf, ivOff, t.aad, 0, EspAad.ESN_LENGTH, buf, dataOff, textLen);
            } else {
                b.aead.seal(buf, ivOff, buf, espOff, EspHeader.LENGTH, buf, dataOff, textLen);
            }
            return;
        }
        if (b.cipher != null) {
            b.cipher.encrypt(buf, ivOff, buf, dataOff, textLen);
        }
        if (b.integrity != null) {
            b.integrity.update(buf, espOff, trailerEnd - espOff);
            if (esn) {
                EspAad.putHigh(t.esnHigh, seq);
                b.integrity.update(t.esnHigh, 0, 4);
            }
            b.integrity.finish(buf, trailerEnd);
        }
    }

    /**
     * The SA's next sequence number, or -1 when there is none. Under a counter-mode algorithm the sequence number is the
     * IV, so an SA that cycled (the SAD hands out 0 only then) must stop for good rather than repeat IVs.
     */
    private static long nextSequence(SaEntry sa, EspBinding b) {
        if (b.counterIv && b.owner.counterIvSpent) {
            return -1;
        }
        long seq = sa.nextSequence();
        if (b.counterIv && seq == 0) {
            b.owner.counterIvSpent = true;
            return -1;
        }
        return seq;
    }

    private void writeIv(byte[] buf, int off, int len, long seq, boolean counter, EspThreadState t) {
        if (ivSource != null) {
            ivSource.writeIv(buf, off, len, seq, counter);
        } else if (counter && len == 8) {
            LONG_BE.set(buf, off, seq);
        } else if (counter) {
            for (int i = 0; i < len; i++) {
                int shift = 8 * (len - 1 - i);
                buf[off + i] = shift < 64 ? (byte) (seq >>> shift) : 0;
            }
        } else {
            t.random.nextBytes(buf, off, len);
        }
    }

    private static void trimTo(PacketBuffer pkt, int length) {
        if (pkt.length() > length) {
            pkt.trimBack(pkt.length() - length);
        }
    }
}
