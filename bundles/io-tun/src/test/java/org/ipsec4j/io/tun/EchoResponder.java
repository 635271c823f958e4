package org.ipsec4j.io.tun;

import java.util.concurrent.atomic.AtomicInteger;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.io.PacketReceiver;
import org.ipsec4j.api.packet.InternetChecksum;
import org.ipsec4j.api.packet.PacketBuffer;

/**
 * A receiver that answers ICMP and ICMPv6 echo requests in place (addresses swapped, type changed, checksum
 * recomputed) and sends the reply back through the port to the requester; counts everything else. Allocates nothing.
 */
final class EchoResponder implements PacketReceiver {
    final AtomicInteger echoed = new AtomicInteger();
    final AtomicInteger other = new AtomicInteger();
    final AtomicInteger sendFailures = new AtomicInteger();
    private final byte[] hop = new byte[16];
    private final byte[] swap = new byte[16];

    @Override
    public void receive(PacketPort port, PacketBuffer p) {
        byte[] b = p.array();
        int s = p.start();
        int version = (b[s] & 0xff) >>> 4;
        if (version == 4) {
            int ihl = (b[s] & 0x0f) * 4;
            if (b[s + 9] != 1 || b[s + ihl] != 8) {
                other.incrementAndGet();
                return;
            }
            swapAddresses(b, s + 12, s + 16, 4);
            b[s + ihl] = 0;
            b[s + ihl + 2] = 0;
            b[s + ihl + 3] = 0;
            int c = InternetChecksum.compute(b, s + ihl, p.length() - ihl);
            b[s + ihl + 2] = (byte) (c >>> 8);
            b[s + ihl + 3] = (byte) c;
            System.arraycopy(b, s + 16, hop, 0, 4);
        } else {
            if (b[s + 6] != 58 || (b[s + 40] & 0xff) != 128) {
                other.incrementAndGet();
                return;
            }
            swapAddresses(b, s + 8, s + 24, 16);
            b[s + 40] = (byte) 129;
            b[s + 42] = 0;
            b[s + 43] = 0;
            long sum = InternetChecksum.add(0, b, s + 8, 32);
            sum += p.length() - 40 + 58;
            sum = InternetChecksum.add(sum, b, s + 40, p.length() - 40);
            int c = InternetChecksum.finish(sum);
            b[s + 42] = (byte) (c >>> 8);
            b[s + 43] = (byte) c;
            System.arraycopy(b, s + 24, hop, 0, 16);
        }
        echoed.incrementAndGet();
        if (!port.send(p, hop, 0)) sendFailures.incrementAndGet();
    }

    private void swapAddresses(byte[] b, int a, int c, int len) {
        System.arraycopy(b, a, swap, 0, len);
        System.arraycopy(b, c, b, a, len);
        System.arraycopy(swap, 0, b, c, len);
    }
}
