package org.ipsec4j.ah;

import org.ipsec4j.api.packet.Ecn;
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
 * AH input, RFC 4302 section 3.4: finds AH behind the IP header (and the IPv6 extension headers in front of it), checks
 * its length against the SA's algorithm, prepares the ICV prefix, runs the anti-replay check, verifies the ICV in
 * constant time, commits the sequence number only then, and removes AH: in tunnel mode the inner packet is what
 * remains; in transport mode the headers in front of AH move up against the payload and get the next header and the
 * length back. The IPv4 header checksum must be right, as for every packet: AH leaves the checksum out of its ICV, but a
 * damaged header is not laundered by recomputing it.
 */
final class AhInput {

    Verdict input(PacketBuffer pkt, SaEntry sa, AhBinding b, AhThreadState t) {
        byte[] buf = pkt.array();
        if (pkt.length() < 1) {
            return Verdict.TRUNCATED;
        }
        int start = pkt.start();
        int version = (buf[start] & 0xff) >>> 4;
        int ahOff;
        int typeField;
        int outerEcn;
        Verdict v;
        if (version == 4) {
            Ipv4Header ip = t.ip4;
            v = ip.wrap(pkt);
            if (v != Verdict.OK) {
                return v;
            }
            if (!ip.verifyChecksum() || ip.isFragment() || ip.protocol() != IpProtocol.AH) {
                return Verdict.BAD_HEADER;
            }
            trimTo(pkt, ip.totalLength());
            ahOff = start + ip.headerLength();
            typeField = ip.protocolOffset();
            outerEcn = ip.ecn();
        } else if (version == 6) {
            Ipv6Header ip = t.ip6;
            v = ip.wrap(pkt);
            if (v != Verdict.OK) {
                return v;
            }
            trimTo(pkt, ip.totalLength());
            Ipv6ExtensionHeaders ext = t.ext.start(buf, start, pkt.end());
            while (ext.type() != IpProtocol.AH) {
                if (ext.onFragment()) {
                    return Verdict.BAD_HEADER; // reassembly comes first
                }
                v = ext.advance();
                if (v != Verdict.OK) {
                    return v;
                }
            }
            ahOff = ext.offset();
            typeField = ext.typeFieldOffset();
            outerEcn = ip.ecn();
        } else {
            return Verdict.BAD_HEADER;
        }
        return open(pkt, sa, b, t, version, ahOff, typeField, outerEcn);
    }

    private Verdict open(PacketBuffer pkt, SaEntry sa, AhBinding b, AhThreadState t, int version, int ahOff,
            int typeField, int outerEcn) {
        byte[] buf = pkt.array();
        int start = pkt.start();
        int end = pkt.end();
        SecurityAssociation cfg = sa.sa();
        if (end - ahOff < b.fixed) {
            return Verdict.TRUNCATED;
        }
        int ahLen = AhHeader.length(buf, ahOff, b.old);
        if (ahLen > end - ahOff) {
            return Verdict.TRUNCATED;
        }
        if (!b.accepts(ahLen)) {
            return Verdict.BAD_LENGTH;
        }
        if (AhHeader.spi(buf, ahOff) != cfg.spi()) {
            return Verdict.NO_SA;
        }
        int prefixLen = ahOff - start;
        byte[] prefix = t.prefix(prefixLen + b.fixed);
        Verdict v = version == 4 ? IcvPrefix.ipv4(buf, start, prefixLen, prefix)
                : IcvPrefix.ipv6(buf, start, prefixLen, prefix, t.address);
        if (v != Verdict.OK) {
            return v;
        }
        long seq = 0;
        if (!b.old) {
            seq = sa.replayCheck(AhHeader.sequence(buf, ahOff));
            if (seq == -1) {
                return Verdict.REPLAY;
            }
        }
        if (!AhIcv.verify(b, t, buf, ahOff, end, prefixLen, seq, !b.old && cfg.extendedSequence())) {
            return Verdict.AUTH_FAILED;
        }
        if (!b.old && !sa.replayCommit(seq)) {
            return Verdict.REPLAY;
        }
        int nextHeader = buf[ahOff + AhHeader.NEXT_HEADER] & 0xff;
        boolean tunnel = cfg.mode() == IpsecMode.TUNNEL || (cfg.mode() == IpsecMode.ANY
                && (nextHeader == IpProtocol.IPV4 || nextHeader == IpProtocol.IPV6));
        v = tunnel ? decapsulate(pkt, t, ahOff + ahLen, nextHeader, outerEcn)
                : strip(pkt, t, version, ahOff, ahLen, typeField, nextHeader);
        if (v == Verdict.OK) {
            sa.recordInput(pkt.length());
        }
        return v;
    }

    /**
     * Tunnel mode: what follows AH must be one IPv4 or IPv6 packet of the version next header names, no longer than
     * what is there; the outer ECN field is combined into it (RFC 6040 section 4.2).
     */
    private static Verdict decapsulate(PacketBuffer pkt, AhThreadState t, int off, int nextHeader, int outerEcn) {
        byte[] buf = pkt.array();
        int len = pkt.end() - off;
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
     * Transport mode: moves the IP header (with the IPv6 extension headers in front of AH) up against the payload, puts
     * the next header back where 51 was and fixes the length (and the IPv4 checksum).
     */
    private static Verdict strip(PacketBuffer pkt, AhThreadState t, int version, int ahOff, int ahLen, int typeField,
            int nextHeader) {
        if (nextHeader == IpProtocol.HOPOPT || nextHeader == IpProtocol.RESERVED) {
            return Verdict.BAD_NEXT_HEADER;
        }
        byte[] buf = pkt.array();
        int start = pkt.start();
        int end = pkt.end();
        System.arraycopy(buf, start, buf, start + ahLen, ahOff - start);
        int newStart = start + ahLen;
        buf[typeField + ahLen] = (byte) nextHeader;
        pkt.bounds(newStart, end);
        if (version == 4) {
            t.ip4.bind(buf, newStart).setTotalLength(end - newStart).fillChecksum();
        } else {
            t.ip6.bind(buf, newStart).setPayloadLength(end - newStart - Ipv6Header.LENGTH);
        }
        return Verdict.OK;
    }

    private static void trimTo(PacketBuffer pkt, int length) {
        if (pkt.length() > length) {
            pkt.trimBack(pkt.length() - length);
        }
    }
}
