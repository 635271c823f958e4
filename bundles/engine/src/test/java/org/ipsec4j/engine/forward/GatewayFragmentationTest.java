package org.ipsec4j.engine.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.engine.Mib;
import org.ipsec4j.engine.admin.EchoResult;
import org.ipsec4j.io.memory.MemoryLink;
import org.junit.jupiter.api.Test;

/**
 * Packets that ESP makes too big for the wan (MTU 1400): the outer packet is fragmented and reassembled by the other
 * gateway when the inner packet allows it; otherwise the sender learns the MTU left (ICMP "fragmentation needed").
 * Then plain forwarding through a router onto a smaller link: IPv4 fragmentation, and ICMPv6 "packet too big".
 */
class GatewayFragmentationTest {
    private static final int WAN_MTU = 1400;

    @Test
    void bigEspPacketsAreFragmentedAndReassembled() throws Exception {
        try (TwoSites t = new TwoSites(WAN_MTU)) {
            EchoResult r = t.x.ping("10.2.0.10", 1400, false);
            assertEquals(EchoResult.Status.REPLY, r.status(), () -> String.valueOf(r));
            assertEquals(1408, r.bytes());
            List<byte[]> wire = t.wanWire.packets;
            assertEquals(4, wire.size(), "two fragments each way");
            for (byte[] p : wire) {
                assertEquals(IpProtocol.ESP, Wire.protocol(p));
                assertTrue(p.length <= WAN_MTU);
            }
            assertTrue(Wire.moreFragments(wire.get(0)));
            assertEquals(0, Wire.fragmentOffset(wire.get(0)));
            assertEquals(false, Wire.moreFragments(wire.get(1)));
            assertEquals(WAN_MTU - 20 & ~7, Wire.fragmentOffset(wire.get(1)));
            assertEquals(1, t.ga.counterAfterSend(4, IpCounter.FRAGMENTED, 1));
            assertEquals(2, t.ga.counter(4, IpCounter.FRAGMENTS_CREATED));
            assertEquals(1, t.gb.counter(4, IpCounter.REASSEMBLED));
            assertEquals(2, t.gb.counter(4, IpCounter.FRAGMENTS_RECEIVED));
            assertEquals(1, t.gb.counterAfterSend(4, IpCounter.FRAGMENTED, 1), "the reply");
            assertEquals(1, t.ga.counter(4, IpCounter.REASSEMBLED));
            assertEquals(1, t.gb.sa(9998).counters().packets(), "one ESP packet, from two fragments");
            assertEquals(0, t.ga.gateway.reassembliesInFlight());
        }
    }

    @Test
    void dontFragmentGetsTheMtuLeftAfterEsp() throws Exception {
        try (TwoSites t = new TwoSites(WAN_MTU)) {
            EchoResult r = t.x.ping("10.2.0.10", 1400, true);
            assertEquals(EchoResult.Status.ICMP_ERROR, r.status(), () -> String.valueOf(r));
            assertEquals("10.1.0.1", r.from().getHostAddress(), "GA, from its side of site X");
            // DES-CBC tunnel: outer header 20, ESP header 8, IV 8, padding to 8 with the 2-byte trailer: 1428 -> 1468
            int mtu = WAN_MTU - (1468 - 1428) - Gateway.MAX_PAD_GROWTH;
            assertEquals("Frag needed and DF set (MTU " + mtu + ")", r.detail());
            assertEquals(1, t.ga.counter(4, IpCounter.TOO_BIG_SENT));
            assertEquals(0, t.wanWire.packets.size(), "nothing went out");
            EchoResult fits = t.x.ping("10.2.0.10", mtu - 28, true);
            assertEquals(EchoResult.Status.REPLY, fits.status(), "a packet of the MTU given fits");
            assertEquals(0, t.ga.counter(4, IpCounter.FRAGMENTED));
        }
    }

    @Test
    void dfbitSetOnTheOuterHeaderForbidsFragmentingIt() throws Exception {
        try (TwoSites t = new TwoSites(WAN_MTU)) {
            t.ga.sysctl(Mib.DFBIT, 1);
            EchoResult r = t.x.ping("10.2.0.10", 1400, false);
            assertEquals(EchoResult.Status.ICMP_ERROR, r.status());
            assertTrue(r.detail().startsWith("Frag needed"), r.detail());
        }
    }

    @Test
    void routersFragmentPlainIpv4AndSendPacketTooBigForIpv6() throws Exception {
        MemoryLink left = new MemoryLink("left");
        MemoryLink right = new MemoryLink("right");
        Wire rightWire = new Wire(right);
        try (Node a = new Node("A"); Node r = new Node("R"); Node b = new Node("B")) {
            a.port(left, "a0", "198.51.100.2/24", "2001:db8:1::2/64");
            r.port(left, "l0", "198.51.100.1/24", "2001:db8:1::1/64");
            r.port(right, "r0", 1280, "203.0.113.1/24", "2001:db8:2::1/64");
            b.port(right, "b0", 1280, "203.0.113.2/24", "2001:db8:2::2/64");
            a.route("default 198.51.100.1").route("default 2001:db8:1::1");
            b.route("default 203.0.113.1").route("default 2001:db8:2::1");
            r.forwarding();

            EchoResult v4 = a.ping("203.0.113.2", 1400, false);
            assertEquals(EchoResult.Status.REPLY, v4.status(), () -> String.valueOf(v4));
            assertEquals(1, r.counterAfterSend(4, IpCounter.FRAGMENTED, 1));
            assertEquals(1, b.counter(4, IpCounter.REASSEMBLED), "B reassembles what is for it");
            assertEquals(1, b.counterAfterSend(4, IpCounter.FRAGMENTED, 1), "B's reply is fragmented by B itself");
            assertEquals(4, rightWire.packets.size());
            for (byte[] p : rightWire.packets) assertTrue(p.length <= 1280);

            EchoResult dfV4 = a.ping("203.0.113.2", 1400, true);
            assertEquals("Frag needed and DF set (MTU 1280)", dfV4.detail(), "no IPsec: the port's MTU");

            EchoResult v6 = a.ping("2001:db8:2::2", 1400, false);
            assertEquals(EchoResult.Status.ICMP_ERROR, v6.status(), () -> String.valueOf(v6));
            assertEquals("Packet too big: mtu=1280", v6.detail());
            assertEquals("2001:db8:1:0:0:0:0:1", v6.from().getHostAddress());
            assertEquals(1, r.counter(6, IpCounter.TOO_BIG_SENT));
            EchoResult small6 = a.ping("2001:db8:2::2", 1280 - 48, false);
            assertEquals(EchoResult.Status.REPLY, small6.status());
        }
    }
}
