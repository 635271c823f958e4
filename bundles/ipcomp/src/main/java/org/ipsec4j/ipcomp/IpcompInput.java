package org.ipsec4j.ipcomp;

import org.ipsec4j.api.crypto.CompressionContext;
import org.ipsec4j.api.packet.Ecn;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6ExtensionHeaders;
import org.ipsec4j.api.packet.Ipv6Header;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;

/**
 * IPComp input, RFC 3173 section 2.3: finds the IPComp header behind the IP header (and the IPv6 extension headers in
 * front of it), checks the CPI, decompresses into scratch, bounded by {@link IpcompOptions#maxDecompressed()} and, in
 * transport mode, by what the IP length field can say (more is a decompression bomb, dropped as
 * {@link Verdict#BAD_COMPRESSION}, as is corrupt data), then puts the result back into the packet: in tunnel mode the
 * inner packet replaces everything, from where the outer header started; in transport mode the payload replaces the
 * IPComp header and what followed it, and the IP header gets the next header and length back. IPComp has no integrity
 * check and no sequence number: its SA is the outer protection's business.
 */
final class IpcompInput {

    Verdict input(PacketBuffer pkt, SecurityAssociation cfg, CompressionContext c, int wellKnownCpi,
            IpcompThreadState t, IpcompOptions options) {
        byte[] buf = pkt.array();
        if (pkt.length() < 1) {
            return Verdict.TRUNCATED;
        }
        int start = pkt.start();
        int version = (buf[start] & 0xff) >>> 4;
        int off;
        int typeField;
        int outerEcn;
        if (version == 4) {
            Ipv4Header ip = t.ip4;
            Verdict v = ip.wrap(pkt);
            if (v != Verdict.OK) {
                return v;
            }
            if (!ip.verifyChecksum() || ip.isFragment() || ip.protocol() != IpProtocol.IPCOMP) {
                return Verdict.BAD_HEADER;
            }
            trimTo(pkt, ip.totalLength());
            off = start + ip.headerLength();
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
            while (ext.type() != IpProtocol.IPCOMP) {
                if (ext.onFragment()) {
                    return Verdict.BAD_HEADER; // reassembly comes first
                }
                v = ext.advance();
                if (v != Verdict.OK) {
                    return v;
                }
            }
            off = ext.offset();
            typeField = ext.typeFieldOffset();
            outerEcn = ip.ecn();
        } else {
            return Verdict.BAD_HEADER;
        }
        int end = pkt.end();
        if (end - off < IpcompHeader.LENGTH) {
            return Verdict.TRUNCATED;
        }
        int cpi = IpcompHeader.cpi(buf, off);
        if (cpi != (cfg.spi() & 0xffff) && cpi != wellKnownCpi) {
            return Verdict.NO_SA;
        }
        int nextHeader = IpcompHeader.nextHeader(buf, off);
        boolean tunnel = cfg.mode() == IpsecMode.TUNNEL || (cfg.mode() == IpsecMode.ANY
                && (nextHeader == IpProtocol.IPV4 || nextHeader == IpProtocol.IPV6));
        int max = options.maxDecompressed();
        if (!tunnel) {
            int headers = off - start - (version == 4 ? 0 : Ipv6Header.LENGTH);
            max = Math.min(max, 0xffff - headers);
        }
        int dataOff = off + IpcompHeader.LENGTH;
        int n = c.decompress(buf, dataOff, end - dataOff, t.scratch, 0, max);
        if (n < 0) {
            return Verdict.BAD_COMPRESSION;
        }
        return tunnel ? decapsulate(pkt, t, n, nextHeader, outerEcn)
                : restore(pkt, t, version, off, n, typeField, nextHeader);
    }

    /**
     * Tunnel mode: the decompressed bytes must be one IPv4 or IPv6 packet of the version next header names, no longer
     * than they are; the outer ECN field is combined into it (RFC 6040 section 4.2).
     */
    private static Verdict decapsulate(PacketBuffer pkt, IpcompThreadState t, int len, int nextHeader, int outerEcn) {
        byte[] s = t.scratch;
        int innerLen;
        if (nextHeader == IpProtocol.IPV4) {
            if (len < 1 || (s[0] & 0xf0) != 0x40) {
                return Verdict.BAD_HEADER;
            }
            Ipv4Header inner = t.inner4;
            Verdict v = inner.wrap(s, 0, len);
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
            if (len < 1 || (s[0] & 0xf0) != 0x60) {
                return Verdict.BAD_HEADER;
            }
            Ipv6Header inner = t.inner6;
            Verdict v = inner.wrap(s, 0, len);
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
        int start = pkt.start();
        if (pkt.capacity() - start < innerLen) {
            return Verdict.NO_BUFFER_SPACE;
        }
        System.arraycopy(s, 0, pkt.array(), start, innerLen);
        pkt.bounds(start, start + innerLen);
        return Verdict.OK;
    }

    /**
     * Transport mode: the decompressed payload goes where the IPComp header was; the next header goes back where 108
     * was and the length is fixed (and the IPv4 checksum).
     */
    private static Verdict restore(PacketBuffer pkt, IpcompThreadState t, int version, int off, int len,
            int typeField, int nextHeader) {
        if (nextHeader == IpProtocol.HOPOPT || nextHeader == IpProtocol.RESERVED) {
            return Verdict.BAD_NEXT_HEADER;
        }
        if (pkt.capacity() - off < len) {
            return Verdict.NO_BUFFER_SPACE;
        }
        byte[] buf = pkt.array();
        System.arraycopy(t.scratch, 0, buf, off, len);
        buf[typeField] = (byte) nextHeader;
        int start = pkt.start();
        pkt.bounds(start, off + len);
        if (version == 4) {
            t.ip4.bind(buf, start).setTotalLength(off + len - start).fillChecksum();
        } else {
            t.ip6.bind(buf, start).setPayloadLength(off + len - start - Ipv6Header.LENGTH);
        }
        return Verdict.OK;
    }

    private static void trimTo(PacketBuffer pkt, int length) {
        if (pkt.length() > length) {
            pkt.trimBack(pkt.length() - length);
        }
    }
}
