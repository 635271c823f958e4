package org.ipsec4j.itests.interop;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * Plaintext IPv4 and IPv6 packets for the tshark tests, built byte by byte with their checksums (computed here, not by
 * the code under test): ICMP and ICMPv6 echo requests, UDP datagrams.
 */
final class Packets {
    private static final int ICMP = 1;
    private static final int UDP = 17;
    private static final int ICMPV6 = 58;

    private Packets() {
    }

    /** An echo request (ICMP or ICMPv6 by the addresses' family). */
    static byte[] echoRequest(String src, String dst, int id, int seq, byte[] data) {
        InetAddress s = Gateway.address(src);
        InetAddress d = Gateway.address(dst);
        boolean v6 = s instanceof Inet6Address;
        ByteBuffer m = ByteBuffer.allocate(8 + data.length);
        m.put((byte) (v6 ? 128 : 8)).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) seq).put(data);
        byte[] msg = m.array();
        int sum = v6 ? checksum(pseudoHeader(s, d, ICMPV6, msg.length), msg) : checksum(new byte[0], msg);
        msg[2] = (byte) (sum >>> 8);
        msg[3] = (byte) sum;
        return ip(s, d, v6 ? ICMPV6 : ICMP, msg);
    }

    static byte[] udp(String src, String dst, int sport, int dport, byte[] data) {
        InetAddress s = Gateway.address(src);
        InetAddress d = Gateway.address(dst);
        ByteBuffer m = ByteBuffer.allocate(8 + data.length);
        m.putShort((short) sport).putShort((short) dport).putShort((short) (8 + data.length)).putShort((short) 0).put(data);
        byte[] msg = m.array();
        int sum = checksum(pseudoHeader(s, d, UDP, msg.length), msg);
        if (sum == 0) {
            sum = 0xffff;
        }
        msg[6] = (byte) (sum >>> 8);
        msg[7] = (byte) sum;
        return ip(s, d, UDP, msg);
    }

    private static byte[] ip(InetAddress s, InetAddress d, int protocol, byte[] payload) {
        if (s instanceof Inet6Address) {
            return ByteBuffer.allocate(40 + payload.length).putInt(0x6000_0000).putShort((short) payload.length)
                    .put((byte) protocol).put((byte) 64).put(s.getAddress()).put(d.getAddress()).put(payload).array();
        }
        byte[] p = ByteBuffer.allocate(20 + payload.length).put((byte) 0x45).put((byte) 0)
                .putShort((short) (20 + payload.length)).putShort((short) 0x4242).putShort((short) 0).put((byte) 64)
                .put((byte) protocol).putShort((short) 0).put(s.getAddress()).put(d.getAddress()).put(payload).array();
        int sum = checksum(new byte[0], java.util.Arrays.copyOf(p, 20));
        p[10] = (byte) (sum >>> 8);
        p[11] = (byte) sum;
        return p;
    }

    private static byte[] pseudoHeader(InetAddress s, InetAddress d, int protocol, int length) {
        if (s instanceof Inet6Address) {
            return ByteBuffer.allocate(40).put(s.getAddress()).put(d.getAddress()).putInt(length).putInt(protocol).array();
        }
        return ByteBuffer.allocate(12).put(s.getAddress()).put(d.getAddress()).put((byte) 0).put((byte) protocol)
                .putShort((short) length).array();
    }

    /** RFC 1071 over {@code a} then {@code b} ({@code a} of even length). */
    private static int checksum(byte[] a, byte[] b) {
        long sum = 0;
        byte[] all = new byte[a.length + b.length + 1];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        for (int i = 0; i + 1 < all.length; i += 2) {
            sum += ((all[i] & 0xff) << 8) | (all[i + 1] & 0xff);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
