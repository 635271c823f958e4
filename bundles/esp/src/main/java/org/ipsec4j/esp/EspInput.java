package org.ipsec4j.esp;

import org.ipsec4j.api.packet.Ecn;
import org.ipsec4j.api.packet.EspHeader;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6ExtensionHeaders;
import org.ipsec4j.api.packet.Ipv6Header;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.Padding;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;

/**
 * ESP input, RFC 4303 section 3.4: finds the ESP header behind the IP header (and IPv6 extension headers), checks the
 * lengths, runs the anti-replay check, verifies the ICV (in constant time, inside the integrity or AEAD context),
 * commits the sequence number only then, decrypts, checks padding and next header, and removes ESP: in tunnel mode the
 * inner packet is what remains, in transport mode the IP header moves up to the payload and gets the next header and
 * length back.
 */
final class EspInput {

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
                    return Verdict.BAD_HEADER; // reassembly comes first
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
        return open(pkt, sa, b, t, version, espOff, typeField, outerEcn);
    }

    private Verdict open(PacketBuffer pkt, SaEntry sa, EspBinding b, EspThreadState t, int version, int espOff,
            int typeField, int outerEcn) {
        byte[] buf = pkt.array();
        int end = pkt.end();
        SecurityAssociation cfg = sa.sa();
        EspHeader esp = t.esp;
        Verdict v = esp.wrap(buf, espOff, end - espOff);
        if (v != Verdict.OK) {
            return v;
        }
        int ivOff = esp.payloadOffset();
        int dataOff = ivOff + b.ivSize;
        int textLen = end - b.icvSize - dataOff;
        if (textLen < EspHeader.TRAILER_LENGTH) {
            return Verdict.TRUNCATED;
        }
        if (textLen % b.alignment != 0) {
            return Verdict.BAD_LENGTH;
        }
        if (esp.spi() != cfg.spi()) {
            return Verdict.NO_SA;
        }
        long seq = sa.replayCheck(esp.sequence());
        if (seq == -1) {
            return Verdict.REPLAY;
        }
        boolean esn = cfg.extendedSequence();
        int trailerEnd = dataOff + textLen;
        if (b.aead != null) {
            boolean authentic;
            if (esn) {
                EspAad.put(t.aad, cfg.spi(), seq);
                authentic = b.aead.open(buf, ivOff, t.aad, 0, EspAad.ESN_LENGTH, buf, dataOff, textLen);
            } else {
                authentic = b.aead.open(buf, ivOff, buf, espOff, EspHeader.LENGTH, buf, dataOff, textLen);
            }
            if (!authentic) {
                return Verdict.AUTH_FAILED;
            }
        } else if (b.integrity != null) {
            b.integrity.update(buf, espOff, trailerEnd - espOff);
            if (esn) {
                EspAad.putHigh(t.esnHigh, seq);
                b.integrity.update(t.esnHigh, 0, 4);
            }
            if (!b.integrity.verify(buf, trailerEnd)) {
                return Verdict.AUTH_FAILED;
            }
        }
        if (!sa.replayCommit(seq)) {
            return Verdict.REPLAY;
        }
        if (b.cipher != null) {
            b.cipher.decrypt(buf, ivOff, buf, dataOff, textLen);
        }
        int padLen = EspHeader.padLength(buf, trailerEnd);
        if (padLen + EspHeader.TRAILER_LENGTH > textLen) {
            return Verdict.BAD_PADDING;
        }
        if (cfg.padding() == Padding.SEQUENTIAL && !EspHeader.hasSequentialPadding(buf, trailerEnd)) {
            return Verdict.BAD_PADDING;
        }
        int nextHeader = EspHeader.nextHeader(buf, trailerEnd);
        int payloadEnd = trailerEnd - EspHeader.TRAILER_LENGTH - padLen;
        if (nextHeader == IpProtocol.NO_NEXT_HEADER) {
            return Verdict.DUMMY;
        }
        boolean tunnel = cfg.mode() == IpsecMode.TUNNEL || (cfg.mode() == IpsecMode.ANY
                && (nextHeader == IpProtocol.IPV4 || nextHeader == IpProtocol.IPV6));
        v = tunnel ? decapsulate(pkt, t, dataOff, payloadEnd, nextHeader, outerEcn)
                : strip(pkt, t, version, espOff, dataOff, payloadEnd, typeField, nextHeader);
        if (v == Verdict.OK) {
            sa.recordInput(pkt.length());
        }
        return v;
    }

    /**
     * Tunnel mode: the payload must be one IPv4 or IPv6 packet of the version next header names, no longer than the
     * payload (TFC padding may follow it, RFC 4303 section 2.7); the outer ECN field is combined into it (RFC 6040).
     */
    private static Verdict decapsulate(PacketBuffer pkt, EspThreadState t, int off, int end, int nextHeader,
            int outerEcn) {
        byte[] buf = pkt.array();
        int len = end - off;
        int innerLen;
        if (nextHeader == IpProtocol.IPV4) {
            if (len < 1 || (buf[off] & 0xf0) != 0x40) {
                return Verdict.BAD_HEADER;
            }
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
        } else if (nextHeader == IpProtocol.IPV6) {
            if (len < 1 || (buf[off] & 0xf0) != 0x60) {
                return Verdict.BAD_HEADER;
            }
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
            return Verdict.BAD_NEXT_HEADER;
        }
        pkt.bounds(off, off + innerLen);
        return Verdict.OK;
    }

    /**
     * Transport mode: moves the IP header (with the IPv6 extension headers in front of ESP) up against the payload,
     * puts the next header back where 50 was and fixes the length (and the IPv4 checksum).
     */
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
        pkt.bounds(newStart, payloadEnd);
        if (version == 4) {
            // the checksum was verified on arrival: updated for the two words that change, it stays right
            t.ip4.bind(buf, newStart).setLengthAndProtocolAdjustingChecksum(payloadEnd - newStart, nextHeader);
        } else {
            buf[typeField + shift] = (byte) nextHeader;
            t.ip6.bind(buf, newStart).setPayloadLength(payloadEnd - newStart - Ipv6Header.LENGTH);
        }
        return Verdict.OK;
    }

    private static void trimTo(PacketBuffer pkt, int length) {
        if (pkt.length() > length) {
            pkt.trimBack(pkt.length() - length);
        }
    }
}
