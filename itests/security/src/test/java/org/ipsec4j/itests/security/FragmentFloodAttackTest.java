package org.ipsec4j.itests.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.io.PacketReceiver;
import org.ipsec4j.api.io.PortCounters;
import org.ipsec4j.api.packet.InternetChecksum;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.engine.admin.StatSection;
import org.ipsec4j.engine.forward.Gateway;
import org.ipsec4j.engine.route.Addresses;
import org.ipsec4j.engine.route.RoutingTable;
import org.junit.jupiter.api.Test;

/**
 * Fragment flooding: 200,000 first fragments of distinct datagrams that never complete, from one source, arrive at a
 * gateway between the two fragments of a legitimate fragmented echo request from another host (one every 1,000). The
 * reassembler's per-source share keeps room for the legitimate datagrams: every one is reassembled and answered; the
 * flood is counted (dropped for want of room), and the heap after GC does not grow with it.
 */
class FragmentFloodAttackTest {
    private static final int FLOOD = 200_000;

    @Test
    void oneSourceCannotTakeTheReassemblerFromOthers() throws Exception {
        try (Node node = new Node()) {
            Gateway gateway = new Gateway(node.engine, new RoutingTable(), () -> 0L); // time stands: nothing expires
            Port wan = new Port();
            gateway.attach(wan, "wan0", PacketPort.ROLE_NETWORK);
            PacketBuffer b = Packets.buffer();
            byte[] attack = fragment("192.0.2.66", 0, true, new byte[64]);
            long heapBefore = 0;
            int legitimate = 0;
            for (int i = 0; i < FLOOD; i++) {
                if (i % 1000 == 500) {
                    byte[] echo = echoRequest(legitimate);
                    byte[] first = fragment("192.0.2.9", 0, true, java.util.Arrays.copyOfRange(echo, 0, 32));
                    byte[] second = fragment("192.0.2.9", 4, false, java.util.Arrays.copyOfRange(echo, 32, 64));
                    Packets.put16(first, 4, 0x8000 + legitimate);
                    Packets.put16(second, 4, 0x8000 + legitimate);
                    fixChecksum(first);
                    fixChecksum(second);
                    receive(gateway, wan, b, first);
                    receive(gateway, wan, b, second);
                    legitimate++;
                }
                Packets.put16(attack, 4, i & 0xffff); // a new datagram each time (ids repeat after 65536)
                fixChecksum(attack);
                receive(gateway, wan, b, attack);
                if (i == 10_000) {
                    heapBefore = usedHeapAfterGc();
                }
            }
            long growth = usedHeapAfterGc() - heapBefore;
            assertEquals(legitimate, wan.echoReplies, "every legitimate fragmented ping answered");
            long noRoom = 0;
            long dropped = 0;
            long internal = 0;
            for (StatSection s : gateway.statistics()) {
                if (s.protocol().equals("ip")) {
                    noRoom = s.value("fragments dropped (reassembly limits)");
                    dropped = s.value("fragments dropped (overlap, bad length, too many)");
                    internal = s.value("packets dropped on internal errors");
                }
            }
            assertEquals(0, internal);
            // a quarter of the 64 slots for the attacker's source; when an id comes round again it overlaps the
            // datagram still waiting under it, which is dropped, and the slot goes to the next id
            long started = FLOOD - noRoom - dropped;
            assertTrue(started >= 16 && started <= 16 * (FLOOD / 65536 + 1),
                    "the flood held 16 slots at a time: " + noRoom + " for want of room, " + dropped + " overlaps");
            assertTrue(growth < 16 << 20, "heap grew by " + growth);
            System.out.println(FLOOD + " flooding fragments (" + noRoom + " dropped for room, " + dropped
                    + " overlaps), " + legitimate
                    + " fragmented pings answered, heap growth " + growth + " bytes");
            gateway.close();
        }
    }

    private static void receive(Gateway g, Port port, PacketBuffer b, byte[] packet) {
        b.set(PacketBuffers.HEADROOM, packet, 0, packet.length);
        g.receive(port, b);
    }

    /** An ICMP echo request of 64 bytes (header and 56 bytes of data) with a right checksum. */
    private static byte[] echoRequest(int seq) {
        byte[] m = new byte[64];
        m[0] = 8;
        Packets.put16(m, 4, 0x4242);
        Packets.put16(m, 6, seq);
        for (int i = 8; i < 64; i++) {
            m[i] = (byte) i;
        }
        Packets.put16(m, 2, InternetChecksum.compute(m, 0, 64));
        return m;
    }

    /** An IPv4 fragment to the gateway at {@code offset} (8-byte units) carrying {@code data}. */
    private static byte[] fragment(String src, int offset, boolean more, byte[] data) {
        byte[] p = new byte[20 + data.length];
        p[0] = 0x45;
        Packets.put16(p, 2, p.length);
        Packets.put16(p, 6, (more ? 0x2000 : 0) | offset);
        p[8] = 64;
        p[9] = 1;
        System.arraycopy(Node.address(src).getAddress(), 0, p, 12, 4);
        System.arraycopy(Node.address(Family.RECEIVER4).getAddress(), 0, p, 16, 4);
        System.arraycopy(data, 0, p, 20, data.length);
        fixChecksum(p);
        return p;
    }

    private static void fixChecksum(byte[] p) {
        Packets.put16(p, 10, 0);
        Packets.put16(p, 10, InternetChecksum.compute(p, 0, 20));
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The gateway's wan port: counts the echo replies it sends to 192.0.2.9. */
    static final class Port implements PacketPort {
        private final List<IpPrefix> addresses = List.of(Addresses.prefix("192.0.2.2/24"));
        int echoReplies;

        @Override public String name() { return "wan0"; }
        @Override public int mtu() { return 1500; }
        @Override public List<IpPrefix> addresses() { return addresses; }
        @Override public void start(PacketReceiver receiver) { }
        @Override public void stop() { }
        @Override public PortCounters counters() { return new PortCounters(0, 0, 0, 0, 0); }

        @Override
        public boolean send(PacketBuffer packet, byte[] nextHop, int nextHopOffset) {
            byte[] p = packet.array();
            int s = packet.start();
            if (p[s + 9] == 1 && p[s + 20] == 0 && (p[s + 19] & 0xff) == 9) {
                echoReplies++;
            }
            return true;
        }
    }
}
