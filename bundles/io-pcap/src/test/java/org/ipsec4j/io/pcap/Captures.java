package org.ipsec4j.io.pcap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.ipsec4j.api.packet.InternetChecksum;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

/** Captures for tests: frames built byte by byte, written and read with pcap4j over libpcap. */
final class Captures {
    /** One frame of a capture with its time. */
    record Frame(byte[] bytes, Timestamp time) {
    }

    /** What a capture file holds. */
    record Capture(int linkType, List<Frame> frames) {
        List<byte[]> bytes() {
            return frames.stream().map(Frame::bytes).toList();
        }
    }

    private Captures() {
    }

    static void write(Path file, DataLinkType dlt, List<byte[]> frames) throws Exception {
        try (PcapHandle dead = Pcaps.openDead(dlt, 65536); PcapDumper d = dead.dumpOpen(file.toString())) {
            long t = 1_700_000_000_000L;
            for (byte[] f : frames) {
                Timestamp ts = new Timestamp(t);
                ts.setNanos(123_000 * (int) (1 + (t / 1000) % 7));
                d.dumpRaw(f, ts);
                t += 1000;
            }
        }
    }

    static Capture read(Path file) throws Exception {
        try (PcapHandle h = Pcaps.openOffline(file.toString())) {
            List<Frame> frames = new ArrayList<>();
            while (true) {
                byte[] f;
                try {
                    f = h.getNextRawPacketEx();
                } catch (java.io.EOFException e) {
                    break;
                }
                frames.add(new Frame(f, h.getTimestamp()));
            }
            return new Capture(h.getDlt().value(), frames);
        }
    }

    static byte[] ethernet(int ethertype, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + payload.length);
        b.put(new byte[] {0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1}).putShort((short) ethertype).put(payload);
        return b.array();
    }

    static byte[] ethernet(byte[] ip) {
        return ethernet((ip[0] & 0xf0) == 0x60 ? 0x86dd : 0x0800, ip);
    }

    static byte[] arp() {
        byte[] body = new byte[28];
        body[1] = 1;
        body[2] = 0x08;
        body[4] = 6;
        body[5] = 4;
        body[7] = 1;
        return ethernet(0x0806, body);
    }

    static byte[] ipv4Udp(String src, String dst, String text) {
        byte[] data = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int total = 28 + data.length;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) 0x4242).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(addr(src)).put(addr(dst))
                .putShort((short) 5000).putShort((short) 6000).putShort((short) (8 + data.length)).putShort((short) 0)
                .put(data);
        byte[] p = b.array();
        int c = InternetChecksum.compute(p, 0, 20);
        p[10] = (byte) (c >>> 8);
        p[11] = (byte) c;
        return p;
    }

    static byte[] ipv6Udp(String src, String dst, String text) {
        byte[] data = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(48 + data.length);
        b.putInt(0x60000000).putShort((short) (8 + data.length)).put((byte) 17).put((byte) 64).put(addr(src))
                .put(addr(dst)).putShort((short) 5000).putShort((short) 6000).putShort((short) (8 + data.length))
                .putShort((short) 0x1234).put(data);
        return b.array();
    }

    static byte[] addr(String s) {
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
