package org.ipsec4j.engine;

import java.util.concurrent.atomic.AtomicInteger;
import org.ipsec4j.api.packet.PacketBuffer;

/**
 * The outer IP header of tunnel mode as the engine's settings shape it: DF ({@code net.inet.ipsec.dfbit}) and the
 * traffic class with ECN ({@code net.inet.ipsec.ecn}, RFC 3168 section 9.1), on the way out (ingress to the tunnel)
 * and back (egress). Also the plain IP-in-IP encapsulation the engine applies itself when a tunnel rule is served by
 * an SA of mode {@code any}, which the transform then protects in transport mode: the same bytes on the wire as
 * tunnel mode (RFC 4301 section 3.2).
 */
final class TunnelHeaders {
    private static final int ECN_MASK = 0x03;
    private static final int ECN_CE = 0x03;
    private static final int ECN_ECT1 = 0x01;
    private static final int HOP_LIMIT = 64;

    private final AtomicInteger ipv4Id = new AtomicInteger((int) System.nanoTime());

    /** The outer traffic class for an inner one (FreeBSD's {@code ip_ecn_ingress}). */
    static int outerTrafficClass(int innerTc, int ecnMode) {
        if (ecnMode == EngineSettings.ECN_ALLOWED) {
            return (innerTc & ECN_MASK) == ECN_CE ? innerTc & ~ECN_ECT1 : innerTc;
        }
        return innerTc & ~ECN_MASK;
    }

    /** The outer DF bit for an inner packet's DF. */
    static boolean outerDontFragment(boolean innerDf, int dfbit) {
        return switch (dfbit) {
            case EngineSettings.DF_SET -> true;
            case EngineSettings.DF_COPY -> innerDf;
            default -> false;
        };
    }

    /** Rewrites the traffic class and DF of the outer header at {@code pkt.start()} after tunnel-mode output. */
    static void shapeOuter(PacketBuffer pkt, int innerTc, boolean innerDf, EngineSettings s) {
        byte[] b = pkt.array();
        int off = pkt.start();
        Ipv4Header.setTrafficClass(b, off, outerTrafficClass(innerTc, s.ecn()));
        Ipv4Header.setDontFragment(b, off, outerDontFragment(innerDf, s.dfbit()));
    }

    /**
     * Carries the outer header's congestion mark into the inner packet at {@code pkt.start()} after tunnel-mode
     * input (FreeBSD's {@code ip_ecn_egress}). Returns false when the packet must be dropped: the outer header says CE
     * and the inner one is not ECN-capable.
     */
    static boolean propagateCongestion(PacketBuffer pkt, int outerTc, EngineSettings s) {
        if (s.ecn() != EngineSettings.ECN_ALLOWED || (outerTc & ECN_MASK) != ECN_CE) return true;
        byte[] b = pkt.array();
        int off = pkt.start();
        int inner = Ipv4Header.trafficClass(b, off);
        if ((inner & ECN_MASK) == 0) return false;
        if ((inner & ECN_MASK) != ECN_CE) Ipv4Header.setTrafficClass(b, off, inner | ECN_CE);
        return true;
    }

    /**
     * Wraps the IP packet in {@code pkt} in an outer header from {@code src} to {@code dst} ({@code len} bytes each)
     * with protocol 4 (IPv4 inside) or 41 (IPv6 inside). Returns false when head-room or the length field is too small.
     */
    boolean encapsulate(PacketBuffer pkt, byte[] src, byte[] dst, int len, int innerTc, boolean innerDf,
            EngineSettings s) {
        int innerLen = pkt.length();
        int innerVersion = (pkt.array()[pkt.start()] & 0xff) >>> 4;
        int proto = innerVersion == 4 ? IpPacket.PROTO_IPIP : IpPacket.PROTO_IPV6;
        int hlen = len == 4 ? 20 : 40;
        if (pkt.headroom() < hlen || innerLen + (len == 4 ? hlen : 0) > 0xffff) return false;
        int off = pkt.prepend(hlen);
        byte[] b = pkt.array();
        int tc = outerTrafficClass(innerTc, s.ecn());
        if (len == 4) {
            int total = innerLen + hlen;
            int id = ipv4Id.getAndIncrement();
            b[off] = 0x45;
            b[off + 1] = (byte) tc;
            b[off + 2] = (byte) (total >>> 8);
            b[off + 3] = (byte) total;
            b[off + 4] = (byte) (id >>> 8);
            b[off + 5] = (byte) id;
            b[off + 6] = (byte) (outerDontFragment(innerDf, s.dfbit()) ? 0x40 : 0);
            b[off + 7] = 0;
            b[off + 8] = (byte) HOP_LIMIT;
            b[off + 9] = (byte) proto;
            System.arraycopy(src, 0, b, off + 12, 4);
            System.arraycopy(dst, 0, b, off + 16, 4);
            Ipv4Header.updateChecksum(b, off);
        } else {
            b[off] = (byte) (0x60 | (tc >>> 4));
            b[off + 1] = (byte) ((tc & 0x0f) << 4);
            b[off + 2] = 0;
            b[off + 3] = 0;
            b[off + 4] = (byte) (innerLen >>> 8);
            b[off + 5] = (byte) innerLen;
            b[off + 6] = (byte) proto;
            b[off + 7] = (byte) HOP_LIMIT;
            System.arraycopy(src, 0, b, off + 8, 16);
            System.arraycopy(dst, 0, b, off + 24, 16);
        }
        return true;
    }
}
