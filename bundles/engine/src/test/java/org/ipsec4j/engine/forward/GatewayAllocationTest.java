package org.ipsec4j.engine.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.packet.InternetChecksum;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.PacketBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The forwarding path allocates nothing per packet in steady state: plain IPv4 and IPv6 forwarding, echo replies,
 * ESP tunnel encapsulation and decapsulation while forwarding (with the null cipher, so that only the engine's own
 * work is measured), and IPv4 fragmentation. The test thread plays the port's receive thread.
 */
class GatewayAllocationTest {
    private static final int N = 20_000;
    private final Node ga = new Node("GA");
    private final FakePort lan = new FakePort("lan0", 1500, "10.1.0.1/24, 2001:db8:1::1/64");
    private final FakePort wan = new FakePort("wan0", 1500, "192.0.2.1/24, 2001:db8::1/64");
    private final PacketBuffer pkt = new PacketBuffer(PacketBuffers.CAPACITY, PacketBuffers.HEADROOM);

    GatewayAllocationTest() {
        ga.gateway.attach(lan, "lan0", PacketPort.ROLE_NETWORK);
        ga.gateway.attach(wan, "wan0", PacketPort.ROLE_NETWORK);
        ga.route("default 192.0.2.254").route("default 2001:db8::fe").forwarding();
    }

    @AfterEach
    void close() {
        ga.close();
    }

    static byte[] icmpEcho4(String src, String dst, int dataLength) {
        ByteBuffer b = ByteBuffer.allocate(28 + dataLength);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (28 + dataLength)).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) 1).putShort((short) 0).put(Node.addr(src).getAddress())
                .put(Node.addr(dst).getAddress()).put((byte) 8).put((byte) 0).putShort((short) 0).putShort((short) 7)
                .putShort((short) 1);
        byte[] p = b.array();
        int c = InternetChecksum.compute(p, 0, 20);
        p[10] = (byte) (c >>> 8);
        p[11] = (byte) c;
        c = InternetChecksum.compute(p, 20, 8 + dataLength);
        p[22] = (byte) (c >>> 8);
        p[23] = (byte) c;
        return p;
    }

    static byte[] udp6(String src, String dst) {
        ByteBuffer b = ByteBuffer.allocate(40 + 16);
        b.putInt(0x60000000).putShort((short) 16).put((byte) 17).put((byte) 64).put(Node.addr(src).getAddress())
                .put(Node.addr(dst).getAddress()).putShort((short) 1000).putShort((short) 53).putShort((short) 16)
                .putShort((short) 0).putLong(0x0102030405060708L);
        return b.array();
    }

    private long measure(FakePort from, byte[] packet) {
        return Allocations.measure(() -> {
            pkt.set(PacketBuffers.HEADROOM, packet, 0, packet.length);
            ga.gateway.receive(from, pkt);
        }, N);
    }

    @Test
    void plainForwardingIpv4AndIpv6() {
        long v4 = measure(lan, icmpEcho4("10.1.0.7", "198.51.100.9", 56));
        assertEquals(64 - 1, wan.lastTtl);
        assertEquals(192, wan.lastNextHopFirstByte, "to the default gateway");
        long v6 = measure(lan, udp6("2001:db8:1::7", "2001:db8:9::9"));
        assertEquals(IpProtocol.UDP, wan.lastProtocol);
        assertTrue(v4 < 4096 && v6 < 4096, "allocated " + v4 + " and " + v6 + " bytes");
        assertTrue(ga.counter(4, IpCounter.FORWARDED) >= 2L * N);
    }

    @Test
    void echoRepliesFromTheGateway() {
        long bytes = measure(lan, icmpEcho4("10.1.0.7", "10.1.0.1", 56));
        assertEquals(IpProtocol.ICMP, lan.lastProtocol);
        assertEquals(10, lan.lastNextHopFirstByte, "back to the sender on its own link");
        assertTrue(bytes < 4096, "allocated " + bytes + " bytes");
    }

    @Test
    void espTunnelForwardingBothWays() {
        String sas = "add 192.0.2.1 192.0.2.2 esp 0x1001 -m tunnel -E null ;\n"
                + "add 192.0.2.2 192.0.2.1 esp 0x1002 -m tunnel -E null ;\n";
        ga.setkey(sas + "spdadd 10.1.0.0/24 10.2.0.0/24 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/require ;\n"
                + "spdadd 10.2.0.0/24 10.1.0.0/24 any -P in ipsec esp/tunnel/192.0.2.2-192.0.2.1/require ;\n");
        ga.route("10.2.0.0/24 192.0.2.2");
        long out = measure(lan, icmpEcho4("10.1.0.7", "10.2.0.9", 56));
        assertEquals(IpProtocol.ESP, wan.lastProtocol);
        // what GB would send back: made once by a peer node with the mirror SAs
        Node gb = new Node("GB");
        try {
            gb.setkey(sas + "spdadd 10.2.0.0/24 10.1.0.0/24 any -P out ipsec esp/tunnel/192.0.2.2-192.0.2.1/require ;\n");
            byte[] inner = icmpEcho4("10.2.0.9", "10.1.0.7", 56);
            PacketBuffer b = new PacketBuffer(PacketBuffers.CAPACITY, PacketBuffers.HEADROOM)
                    .set(PacketBuffers.HEADROOM, inner, 0, inner.length);
            assertEquals(org.ipsec4j.api.transform.Verdict.OK, gb.engine.output(b));
            byte[] esp = b.toByteArray();
            // every copy carries the same sequence number: switch the replay window off for the measurement
            ga.setkey("update 192.0.2.2 192.0.2.1 esp 0x1002 -m tunnel -r 0 -E null ;\n");
            long in = measure(wan, esp);
            assertEquals(IpProtocol.ICMP, lan.lastProtocol, "decapsulated onto the lan");
            assertEquals(63, lan.lastTtl);
            assertTrue(out < 4096 && in < 4096, "allocated " + out + " and " + in + " bytes");
        } finally {
            gb.close();
        }
    }

    @Test
    void fragmentation() {
        ga.gateway.detach(wan);
        FakePort small = new FakePort("wan1", 576, "192.0.2.1/24");
        ga.gateway.attach(small, "wan1", PacketPort.ROLE_NETWORK);
        long bytes = measure(lan, icmpEcho4("10.1.0.7", "198.51.100.9", 1400));
        assertEquals(3L * 2 * N, small.sent, "three fragments per packet, warm-up and measured runs");
        assertTrue(bytes < 4096, "allocated " + bytes + " bytes");
    }
}
