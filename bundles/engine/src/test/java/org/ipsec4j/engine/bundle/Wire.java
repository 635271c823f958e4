package org.ipsec4j.engine.bundle;

import java.nio.ByteBuffer;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.packet.InternetChecksum;
import org.ipsec4j.api.packet.PacketBuffer;

/** IPv4 packets for the tests, and a reader of the headers on the wire. */
final class Wire {
    private Wire() {
    }

    /** An IPv4 UDP packet (checksum zero) with {@code text} as its payload; DF set, TTL 64. */
    static byte[] udp4(String src, String dst, String text) {
        byte[] data = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(28 + data.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (28 + data.length)).putShort((short) 0x1234)
                .putShort((short) 0x4000).put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(BundleHost.addr(src).getAddress()).put(BundleHost.addr(dst).getAddress())
                .putShort((short) 4000).putShort((short) 5000).putShort((short) (8 + data.length)).putShort((short) 0)
                .put(data);
        byte[] p = b.array();
        int c = InternetChecksum.compute(p, 0, 20);
        p[10] = (byte) (c >>> 8);
        p[11] = (byte) c;
        return p;
    }

    /** {@code n} bytes of text that compresses well. */
    static String text(int n) {
        String words = "the gateway protects what it forwards; the peer checks every rule was applied. ";
        StringBuilder sb = new StringBuilder();
        while (sb.length() < n) sb.append(words);
        return sb.substring(0, n);
    }

    /** A port's buffer (room for a decompressed packet too) holding {@code packet}. */
    static PacketBuffer buffer(byte[] packet) {
        return new PacketBuffer(PacketBuffers.CAPACITY, PacketBuffers.HEADROOM).set(PacketBuffers.HEADROOM, packet, 0,
                packet.length);
    }

    /** The protocol field of an IPv4 header at {@code off}. */
    static int protocol(byte[] p, int off) {
        return p[off + 9] & 0xff;
    }

    /** The header length of an IPv4 header at {@code off}. */
    static int headerLength(byte[] p, int off) {
        return (p[off] & 0x0f) * 4;
    }

    static int u32(byte[] p, int off) {
        return ByteBuffer.wrap(p, off, 4).getInt();
    }
}
