package org.ipsec4j.itests.security;

import java.net.InetAddress;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.packet.InternetChecksum;
import org.ipsec4j.api.packet.PacketBuffer;

/** Plaintext IPv4 and IPv6 UDP packets with checked headers, and buffers the size ports use. */
final class Packets {
    private Packets() {
    }

    /** A buffer as a port hands it to the engine: {@link PacketBuffers#CAPACITY}, the packet at the head-room. */
    static PacketBuffer buffer(byte[] packet) {
        return buffer().set(PacketBuffers.HEADROOM, packet, 0, packet.length);
    }

    static PacketBuffer buffer() {
        return new PacketBuffer(PacketBuffers.CAPACITY, PacketBuffers.HEADROOM);
    }

    /** An IPv4 UDP datagram from {@code src} to {@code dst} (ports 4500 to 5000) carrying {@code payload}. */
    static byte[] udp4(String src, String dst, int id, byte[] payload) {
        int len = 20 + 8 + payload.length;
        byte[] p = new byte[len];
        p[0] = 0x45;
        put16(p, 2, len);
        put16(p, 4, id);
        p[8] = 64;
        p[9] = 17;
        System.arraycopy(Node.address(src).getAddress(), 0, p, 12, 4);
        System.arraycopy(Node.address(dst).getAddress(), 0, p, 16, 4);
        put16(p, 10, InternetChecksum.compute(p, 0, 20));
        put16(p, 20, 4500);
        put16(p, 22, 5000);
        put16(p, 24, 8 + payload.length);
        System.arraycopy(payload, 0, p, 28, payload.length);
        return p;
    }

    /** An IPv6 UDP datagram from {@code src} to {@code dst} carrying {@code payload}. */
    static byte[] udp6(String src, String dst, byte[] payload) {
        int len = 40 + 8 + payload.length;
        byte[] p = new byte[len];
        p[0] = 0x60;
        put16(p, 4, len - 40);
        p[6] = 17;
        p[7] = 64;
        System.arraycopy(Node.address(src).getAddress(), 0, p, 8, 16);
        System.arraycopy(Node.address(dst).getAddress(), 0, p, 24, 16);
        put16(p, 40, 4500);
        put16(p, 42, 5000);
        put16(p, 44, 8 + payload.length);
        System.arraycopy(payload, 0, p, 48, payload.length);
        return p;
    }

    /** {@code n} bytes of text that deflate compresses well, numbered by {@code seq}. */
    static byte[] payload(int seq, int n) {
        byte[] b = new byte[n];
        String text = "ipsec4j packet " + seq + " ";
        for (int i = 0; i < n; i++) {
            b[i] = (byte) text.charAt(i % text.length());
        }
        return b;
    }

    /** The length of the IP header in front of the upper layer of a plain packet (IPv4 IHL, or 40 for IPv6). */
    static int ipHeaderLength(byte[] p) {
        return (p[0] & 0xf0) == 0x40 ? (p[0] & 0x0f) * 4 : 40;
    }

    static boolean isV4(InetAddress a) {
        return a.getAddress().length == 4;
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
