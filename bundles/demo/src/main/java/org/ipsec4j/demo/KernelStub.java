package org.ipsec4j.demo;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.packet.InternetChecksum;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.io.memory.MemoryLink;
import org.ipsec4j.io.memory.MemoryPort;
import org.ipsec4j.io.memory.MemoryPortConfig;

/**
 * The host's own kernel in end-host mode, reduced to what ping needs: it sits at the other end of the gateway's
 * {@code host} port (where a TUN device would be), answers ICMP echo requests addressed to it and hands echo replies
 * to whoever pings. What it sends goes through the gateway's outbound IPsec; what it receives came through inbound
 * IPsec.
 */
final class KernelStub implements AutoCloseable {
    private final MemoryPort port;
    private final byte[] address;
    private final LinkedBlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
    private final PacketBuffer out = new PacketBuffer(PacketBuffers.CAPACITY, PacketBuffers.HEADROOM);
    private static final byte[] NO_NEXT_HOP = new byte[16];

    KernelStub(MemoryLink link, String address) {
        this.address = org.ipsec4j.engine.route.Addresses.parse(address).getAddress();
        this.port = link.attach(MemoryPortConfig.of("kernel", List.of()));
        port.start((p, pkt) -> receive(pkt));
    }

    private void receive(PacketBuffer pkt) {
        byte[] b = pkt.toByteArray();
        if (b.length < 28 || (b[0] & 0xf0) != 0x40 || b[9] != 1) return;
        int hl = (b[0] & 0x0f) * 4;
        if (b[hl] == 0) {
            replies.add(b);
        } else if (b[hl] == 8) {
            byte[] r = b.clone();
            System.arraycopy(b, 12, r, 16, 4);
            System.arraycopy(b, 16, r, 12, 4);
            r[8] = 64;
            r[hl] = 0;
            checksums(r, hl);
            synchronized (out) {
                port.send(out.set(PacketBuffers.HEADROOM, r, 0, r.length), NO_NEXT_HOP, 0);
            }
        }
    }

    /** Sends an echo request to {@code destination} and waits up to a second for the reply (null if none). */
    byte[] ping(String destination, int id, int seq) throws InterruptedException {
        byte[] d = org.ipsec4j.engine.route.Addresses.parse(destination).getAddress();
        byte[] p = new byte[28 + 56];
        p[0] = 0x45;
        p[2] = (byte) (p.length >>> 8);
        p[3] = (byte) p.length;
        p[4] = (byte) (seq >>> 8);
        p[5] = (byte) seq;
        p[8] = 64;
        p[9] = 1;
        System.arraycopy(address, 0, p, 12, 4);
        System.arraycopy(d, 0, p, 16, 4);
        p[20] = 8;
        p[24] = (byte) (id >>> 8);
        p[25] = (byte) id;
        p[26] = (byte) (seq >>> 8);
        p[27] = (byte) seq;
        for (int i = 0; i < 56; i++) p[28 + i] = (byte) i;
        checksums(p, 20);
        synchronized (out) {
            port.send(out.set(PacketBuffers.HEADROOM, p, 0, p.length), NO_NEXT_HOP, 0);
        }
        return replies.poll(1, TimeUnit.SECONDS);
    }

    private static void checksums(byte[] p, int hl) {
        p[10] = 0;
        p[11] = 0;
        int c = InternetChecksum.compute(p, 0, hl);
        p[10] = (byte) (c >>> 8);
        p[11] = (byte) c;
        p[hl + 2] = 0;
        p[hl + 3] = 0;
        c = InternetChecksum.compute(p, hl, p.length - hl);
        p[hl + 2] = (byte) (c >>> 8);
        p[hl + 3] = (byte) c;
    }

    @Override
    public void close() {
        port.link().detach(port);
    }
}
