package org.ipsec4j.itests.interop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Classic pcap files of raw IP packets ({@code LINKTYPE_RAW}, 101), read and written here so that the tests' view of
 * a capture depends on neither libpcap nor the code under test.
 */
final class RawPcap {
    static final int LINKTYPE_RAW = 101;
    private static final int MAGIC = 0xa1b2c3d4;

    private RawPcap() {
    }

    static void write(Path file, List<byte[]> packets) throws IOException {
        int size = 24 + packets.stream().mapToInt(p -> 16 + p.length).sum();
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(LINKTYPE_RAW);
        int second = 1_700_000_000;
        for (byte[] p : packets) {
            b.putInt(second++).putInt(0).putInt(p.length).putInt(p.length).put(p);
        }
        Files.write(file, b.array());
    }

    /** The packets of a raw-IP capture (libpcap writes {@code DLT_RAW} as 101; 12 and 14 are accepted as well). */
    static List<byte[]> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.remaining() < 24) {
            throw new IOException(file + ": shorter than a pcap header");
        }
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != MAGIC) {
            b.order(ByteOrder.BIG_ENDIAN);
            if (b.getInt(0) != MAGIC) {
                throw new IOException(file + ": not a pcap file");
            }
        }
        int linkType = b.getInt(20);
        if (linkType != LINKTYPE_RAW && linkType != 12 && linkType != 14) {
            throw new IOException(file + ": link type " + linkType + ", expected raw IP");
        }
        List<byte[]> packets = new ArrayList<>();
        b.position(24);
        while (b.remaining() >= 16) {
            b.getInt();
            b.getInt();
            int caplen = b.getInt();
            int len = b.getInt();
            if (caplen != len || caplen > b.remaining()) {
                throw new IOException(file + ": packet " + (packets.size() + 1) + " cut short");
            }
            byte[] p = new byte[caplen];
            b.get(p);
            packets.add(p);
        }
        if (b.hasRemaining()) {
            throw new IOException(file + ": trailing bytes");
        }
        return packets;
    }
}
