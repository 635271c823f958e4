package org.ipsec4j.engine.forward;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ipsec4j.io.memory.MemoryLink;

/** Records the packets a link carries (a copy of each, in order). */
final class Wire {
    final List<byte[]> packets = new CopyOnWriteArrayList<>();

    Wire(MemoryLink link) {
        link.tap((from, to, p) -> packets.add(p.toByteArray()));
    }

    static int protocol(byte[] p) {
        return (p[0] & 0xf0) == 0x40 ? p[9] & 0xff : p[6] & 0xff;
    }

    static int ttl(byte[] p) {
        return (p[0] & 0xf0) == 0x40 ? p[8] & 0xff : p[7] & 0xff;
    }

    /** The SPI of an ESP packet whose header follows a bare IP header. */
    static long spi(byte[] p) {
        int off = (p[0] & 0xf0) == 0x40 ? (p[0] & 0x0f) * 4 : 40;
        return ((p[off] & 0xffL) << 24) | ((p[off + 1] & 0xff) << 16) | ((p[off + 2] & 0xff) << 8) | (p[off + 3] & 0xff);
    }

    static boolean moreFragments(byte[] p) {
        return (p[6] & 0x20) != 0;
    }

    static int fragmentOffset(byte[] p) {
        return (((p[6] & 0x1f) << 8) | (p[7] & 0xff)) * 8;
    }

    List<byte[]> ofProtocol(int protocol) {
        return packets.stream().filter(p -> protocol(p) == protocol).toList();
    }
}
