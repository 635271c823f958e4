package org.ipsec4j.io.pcap.ethernet;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.packet.InternetChecksum;
import org.ipsec4j.api.packet.PacketBuffer;

/**
 * Frames for the station tests. The hex fixtures were made with Scapy (an implementation independent of ours): the
 * station is 02:00:00:00:00:02 with 192.0.2.2 and 2001:db8::2, its neighbour 02:00:00:00:00:01 with 192.0.2.1 and
 * 2001:db8::1.
 */
final class TestFrames {
    private TestFrames() {
    }

    static final byte[] OUR_MAC = hex("020000000002");
    static final byte[] NEIGHBOUR_MAC = hex("020000000001");
    static final byte[] OTHER_MAC = hex("02000000000a");

    /** ARP reply ours -> neighbour, padded to 60 bytes. */
    static final String ARP_REPLY = "02000000000102000000000208060001080006040002020000000002c0000202020000000001c0000201"
            + "000000000000000000000000000000000000";
    /** ARP request for 192.0.2.1 from ours, broadcast. */
    static final String ARP_REQUEST = "ffffffffffff02000000000208060001080006040001020000000002c0000202000000000000"
            + "c0000201000000000000000000000000000000000000";
    /** Gratuitous ARP of 192.0.2.2. */
    static final String GRATUITOUS_ARP = "ffffffffffff02000000000208060001080006040001020000000002c0000202000000000000"
            + "c0000202000000000000000000000000000000000000";
    /** NA for 2001:db8::2 (solicited, override) to the neighbour. */
    static final String NA = "02000000000102000000000286dd6000000000203aff20010db800000000000000000000000220010db80000"
            + "0000000000000000000188008a716000000020010db80000000000000000000000020201020000000002";
    /** NS for 2001:db8::1 from ours to its solicited-node address. */
    static final String NS = "3333ff00000102000000000286dd6000000000203aff20010db8000000000000000000000002ff0200000000"
            + "000000000001ff00000187001c270000000020010db80000000000000000000000010101020000000002";
    /** Unsolicited NA (override) for 2001:db8::2 to all nodes. */
    static final String UNSOLICITED_NA = "33330000000102000000000286dd6000000000203aff20010db80000000000000000000000"
            + "02ff0200000000000000000000000000018800f9272000000020010db800000000000000000000000202010200000000"
            + "02";
    /** The neighbour's NS for 2001:db8::2. */
    static final String NEIGHBOUR_NS = "3333ff00000202000000000186dd6000000000203aff20010db80000000000000000000000"
            + "01ff0200000000000000000001ff00000287001c270000000020010db8000000000000000000000002010102000000"
            + "0001";
    /** The neighbour's NA for 2001:db8::1 (solicited, override) to ours. */
    static final String NEIGHBOUR_NA = "02000000000202000000000186dd6000000000203aff20010db80000000000000000000000"
            + "0120010db800000000000000000000000288008a736000000020010db80000000000000000000000010201020000000001";

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** An ARP message from {@code senderMac}/{@code senderIp} (4 bytes) to {@code dstMac}. */
    static byte[] arp(int op, byte[] dstMac, byte[] senderMac, byte[] senderIp, byte[] targetMac, byte[] targetIp) {
        byte[] f = new byte[42];
        System.arraycopy(dstMac, 0, f, 0, 6);
        System.arraycopy(senderMac, 0, f, 6, 6);
        f[12] = 8;
        f[13] = 6;
        f[14] = 0;
        f[15] = 1;
        f[16] = 8;
        f[17] = 0;
        f[18] = 6;
        f[19] = 4;
        f[21] = (byte) op;
        System.arraycopy(senderMac, 0, f, 22, 6);
        System.arraycopy(senderIp, 0, f, 28, 4);
        System.arraycopy(targetMac, 0, f, 32, 6);
        System.arraycopy(targetIp, 0, f, 38, 4);
        return f;
    }

    /** A UDP-less IPv4 packet (protocol 253) of {@code len} bytes from 198.51.100.7 to 203.0.113.9 tagged {@code id}. */
    static byte[] ipv4(int len, int id) {
        byte[] p = new byte[len];
        p[0] = 0x45;
        p[2] = (byte) (len >>> 8);
        p[3] = (byte) len;
        p[4] = (byte) (id >>> 8);
        p[5] = (byte) id;
        p[8] = 64;
        p[9] = (byte) 253;
        byte[] src = {(byte) 198, 51, 100, 7};
        byte[] dst = {(byte) 203, 0, 113, 9};
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        int c = InternetChecksum.compute(p, 0, 20);
        p[10] = (byte) (c >>> 8);
        p[11] = (byte) c;
        for (int i = 20; i < len; i++) p[i] = (byte) (id + i);
        return p;
    }

    /** An IPv6 packet (next header 59) of {@code len} bytes from 2001:db8:1::7 to 2001:db8:2::9 tagged {@code id}. */
    static byte[] ipv6(int len, int id) {
        byte[] p = new byte[len];
        p[0] = 0x60;
        p[4] = (byte) ((len - 40) >>> 8);
        p[5] = (byte) (len - 40);
        p[6] = 59;
        p[7] = 64;
        p[8] = 0x20;
        p[9] = 0x01;
        p[10] = 0x0d;
        p[11] = (byte) 0xb8;
        p[13] = 1;
        p[23] = 7;
        p[24] = 0x20;
        p[25] = 0x01;
        p[26] = 0x0d;
        p[27] = (byte) 0xb8;
        p[29] = 2;
        p[39] = 9;
        for (int i = 40; i < len; i++) p[i] = (byte) (id + i);
        return p;
    }

    /** An Ethernet frame around {@code payload}. */
    static byte[] ethernet(byte[] dst, byte[] src, int ethertype, byte[] payload) {
        byte[] f = new byte[14 + payload.length];
        System.arraycopy(dst, 0, f, 0, 6);
        System.arraycopy(src, 0, f, 6, 6);
        f[12] = (byte) (ethertype >>> 8);
        f[13] = (byte) ethertype;
        System.arraycopy(payload, 0, f, 14, payload.length);
        return f;
    }

    /** A port-sized buffer holding {@code frame} at the head-room minus the Ethernet header, as the pcap port reads. */
    static PacketBuffer frame(byte[] frame) {
        return new PacketBuffer(PacketBuffers.CAPACITY, 0).set(PacketBuffers.HEADROOM - 14, frame, 0, frame.length);
    }

    /** A port-sized buffer holding an IP packet at the head-room, as the engine hands to send. */
    static PacketBuffer packet(byte[] ip) {
        return new PacketBuffer(PacketBuffers.CAPACITY, 0).set(PacketBuffers.HEADROOM, ip, 0, ip.length);
    }

    /** The wire of a station under test: every frame it sent, copied. */
    static final class Wire implements EthernetStation.FrameSender {
        final List<byte[]> frames = new ArrayList<>();
        boolean up = true;

        @Override
        public boolean send(byte[] frame, int off, int len) {
            if (!up) return false;
            frames.add(java.util.Arrays.copyOfRange(frame, off, off + len));
            return true;
        }

        byte[] last() {
            return frames.get(frames.size() - 1);
        }

        List<byte[]> take() {
            List<byte[]> out = new ArrayList<>(frames);
            frames.clear();
            return out;
        }
    }
}
