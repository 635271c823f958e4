package org.ipsec4j.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import org.ipsec4j.api.packet.InternetChecksum;
import org.ipsec4j.api.packet.PacketBuffer;

/** IP packets for tests, built byte by byte. */
final class TestPackets {
    static final int HEADROOM = 128;

    private TestPackets() {
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    /** An IPv4 packet with {@code payload} as upper-layer bytes; DF set, TTL 64, checksum filled. */
    static byte[] ipv4(String src, String dst, int protocol, byte[] payload) {
        return ipv4(src, dst, protocol, payload, 0x4000, 0);
    }

    static byte[] ipv4(String src, String dst, int protocol, byte[] payload, int flagsFragment, int tos) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.put((byte) 0x45).put((byte) tos).putShort((short) (20 + payload.length)).putShort((short) 0x1234)
                .putShort((short) flagsFragment).put((byte) 64).put((byte) protocol).putShort((short) 0)
                .put(addr(src).getAddress()).put(addr(dst).getAddress()).put(payload);
        byte[] p = b.array();
        int c = InternetChecksum.compute(p, 0, 20);
        p[10] = (byte) (c >>> 8);
        p[11] = (byte) c;
        return p;
    }

    /** An IPv6 packet with {@code payload} after the fixed header, next header {@code protocol}. */
    static byte[] ipv6(String src, String dst, int protocol, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(40 + payload.length);
        b.putInt(0x60000000).putShort((short) payload.length).put((byte) protocol).put((byte) 64)
                .put(addr(src).getAddress()).put(addr(dst).getAddress()).put(payload);
        return b.array();
    }

    /** A UDP datagram (checksum zero, which IPv4 allows) with a text payload. */
    static byte[] udp(int srcPort, int dstPort, String text) {
        byte[] data = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(8 + data.length);
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + data.length)).putShort((short) 0)
                .put(data);
        return b.array();
    }

    /** A TCP SYN header (20 bytes) between two ports. */
    static byte[] tcp(int srcPort, int dstPort) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.putShort((short) srcPort).putShort((short) dstPort).putInt(1).putInt(0).put((byte) 0x50).put((byte) 0x02)
                .putShort((short) 65535).putInt(0);
        return b.array();
    }

    /** An ICMP (or ICMPv6) message header with type and code and 4 bytes of rest. */
    static byte[] icmp(int type, int code) {
        return new byte[] {(byte) type, (byte) code, 0, 0, 0, 1, 0, 1};
    }

    /** A buffer holding {@code packet} with head- and tail-room for IPsec. */
    static PacketBuffer buffer(byte[] packet) {
        return new PacketBuffer(HEADROOM + packet.length + 256, HEADROOM).set(HEADROOM, packet, 0, packet.length);
    }

    /** The IP protocol of the IPv4 or IPv6 packet (the fixed header's field). */
    static int protocol(byte[] p) {
        return (p[0] & 0xf0) == 0x40 ? p[9] & 0xff : p[6] & 0xff;
    }

    /** The SPI of the ESP header that directly follows the fixed IP header. */
    static long espSpi(byte[] p) {
        int off = (p[0] & 0xf0) == 0x40 ? (p[0] & 0x0f) * 4 : 40;
        return ByteBuffer.wrap(p, off, 4).getInt() & 0xffffffffL;
    }
}
