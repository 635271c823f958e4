package org.ipsec4j.esp;

import java.net.InetAddress;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6Header;
import org.ipsec4j.api.packet.PacketBuffer;

/** Builds the IP packets the tests feed to ESP. */
final class Packets {
    static final int HEADROOM = 128;
    static final int CAPACITY = 4096;

    private Packets() {
    }

    /** An IPv4 packet from {@code src} to {@code dst} carrying {@code payload} as {@code protocol}. */
    static byte[] ipv4(InetAddress src, InetAddress dst, int protocol, byte[] payload) {
        byte[] p = new byte[20 + payload.length];
        Ipv4Header ip = new Ipv4Header().bind(p, 0).setHeaderLength(20).setTos(0).setTotalLength(p.length)
                .setIdentification(0x1234).setUnfragmented(false).setTtl(64).setProtocol(protocol);
        System.arraycopy(src.getAddress(), 0, p, ip.sourceOffset(), 4);
        System.arraycopy(dst.getAddress(), 0, p, ip.destinationOffset(), 4);
        ip.fillChecksum();
        System.arraycopy(payload, 0, p, 20, payload.length);
        return p;
    }

    /** An IPv6 packet carrying {@code rest} (extension headers and payload), the first of which is {@code nextHeader}. */
    static byte[] ipv6(InetAddress src, InetAddress dst, int nextHeader, byte[] rest) {
        byte[] p = new byte[40 + rest.length];
        new Ipv6Header().bind(p, 0).setVersionClassFlow(0, 0).setPayloadLength(rest.length).setNextHeader(nextHeader)
                .setHopLimit(64);
        System.arraycopy(src.getAddress(), 0, p, 8, 16);
        System.arraycopy(dst.getAddress(), 0, p, 24, 16);
        System.arraycopy(rest, 0, p, 40, rest.length);
        return p;
    }

    /** {@code n} bytes of UDP-ish payload: 0, 1, 2, ... */
    static byte[] payload(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    static PacketBuffer buffer(byte[] packet) {
        return new PacketBuffer(CAPACITY, HEADROOM).set(HEADROOM, packet, 0, packet.length);
    }

    static final int UDP = IpProtocol.UDP;
}
