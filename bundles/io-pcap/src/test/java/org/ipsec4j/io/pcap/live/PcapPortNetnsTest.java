package org.ipsec4j.io.pcap.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.List;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.io.PortCounters;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.io.pcap.ethernet.EthernetFrames;
import org.ipsec4j.io.pcap.ethernet.EthernetStation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pcap port on a real veth pair in a namespace of its own: the kernel on one end (192.0.2.1, 2001:db8::1), the
 * port on the other (192.0.2.2, 2001:db8::2; the kernel has no address there, ARP off, IPv6 off), an echo responder
 * as the port's receiver. The kernel's ping must resolve the port with ARP and NS, and the port must resolve the
 * kernel to answer.
 */
class PcapPortNetnsTest {
    private TestNamespace ns;
    private String kernelMac;

    @BeforeEach
    void namespace() throws Exception {
        String why = TestNamespace.unavailable();
        Assumptions.assumeTrue(why == null, "network namespace tests skipped: " + why);
        ns = TestNamespace.create("ipsec4j-pcap");
        ns.exec("ip", "link", "add", "k0", "type", "veth", "peer", "name", "p0");
        ns.exec("sysctl", "-qw", "net.ipv6.conf.p0.disable_ipv6=1");
        ns.exec("ip", "link", "set", "p0", "arp", "off", "up");
        ns.exec("ip", "addr", "add", "192.0.2.1/24", "dev", "k0");
        ns.exec("ip", "addr", "add", "2001:db8::1/64", "dev", "k0", "nodad");
        ns.exec("ip", "link", "set", "k0", "up");
        kernelMac = ns.exec("cat", "/sys/class/net/k0/address").trim();
    }

    @AfterEach
    void delete() throws IOException {
        if (ns != null) ns.close();
    }

    private PcapPort open(String mac) throws Exception {
        return open(mac, EthernetStation.Timers.DEFAULT);
    }

    private PcapPort open(String mac, EthernetStation.Timers timers) throws Exception {
        PcapPort.Settings s = new PcapPort.Settings("wan0", "p0",
                AddressList.parse("192.0.2.2/24, 2001:db8::2/64"), 0, mac == null ? null : EthernetFrames.parseMac(mac));
        return ns.inside(() -> PcapPort.open(s, timers, EthernetStation.Limits.DEFAULT));
    }

    private boolean ping(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ping";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return ns.status(cmd) == 0;
    }

    @Test
    void answersArpAndSolicitationsAndCarriesPacketsBothWays() throws Exception {
        PcapPort port = open(null);
        try {
            EchoResponder echo = new EchoResponder();
            port.start(echo);
            assertEquals(1500, port.mtu());
            String portMac = EthernetFrames.formatMac(port.mac(), 0);
            assertEquals(ns.exec("cat", "/sys/class/net/p0/address").trim(), portMac);

            String groups = ns.exec("ip", "maddr", "show", "dev", "p0");
            assertTrue(groups.contains("link  33:33:ff:00:00:02") && groups.contains("link  33:33:00:00:00:01"),
                    "joined neighbour discovery's groups: " + groups);

            assertTrue(ping("-c", "3", "-i", "0.2", "-W", "2", "192.0.2.2"), "ping 192.0.2.2");
            assertTrue(ping("-6", "-c", "3", "-i", "0.2", "-W", "2", "2001:db8::2"), "ping 2001:db8::2");
            assertTrue(ping("-c", "2", "-i", "0.2", "-W", "2", "-M", "do", "-s", "1472", "192.0.2.2"), "1500 bytes");
            assertTrue(ping("-6", "-c", "2", "-i", "0.2", "-W", "2", "-M", "do", "-s", "1452", "2001:db8::2"));

            assertTrue(ns.exec("ip", "neigh", "show", "192.0.2.2", "dev", "k0").contains("lladdr " + portMac));
            assertTrue(ns.exec("ip", "-6", "neigh", "show", "2001:db8::2", "dev", "k0").contains("lladdr " + portMac));
            assertTrue(port.neighbour(InetAddress.getByName("192.0.2.1")).startsWith(kernelMac + " "));
            assertTrue(port.neighbour(InetAddress.getByName("2001:db8::1")).startsWith(kernelMac + " "));
            assertEquals(10, echo.echoed.get());
            assertEquals(0, echo.sendFailures.get());
            PortCounters c = port.counters();
            assertTrue(c.receivedPackets() >= 10 && c.sentPackets() == 10, c.toString());
            assertEquals(0, c.dropped());
            EthernetStation.LinkCounters l = port.linkCounters();
            assertTrue(l.arpReplies() >= 1 && l.advertisements() >= 1 && l.solicitations() >= 2, l.toString());
        } finally {
            port.close();
        }
    }

    @Test
    void usesTheConfiguredMac() throws Exception {
        PcapPort port = open("02:00:5e:00:53:01");
        try {
            port.start(new EchoResponder());
            assertTrue(ping("-c", "2", "-i", "0.2", "-W", "2", "192.0.2.2"));
            assertTrue(ping("-6", "-c", "2", "-i", "0.2", "-W", "2", "2001:db8::2"));
            assertTrue(ns.exec("ip", "neigh", "show", "192.0.2.2", "dev", "k0").contains("lladdr 02:00:5e:00:53:01"));
        } finally {
            port.close();
        }
    }

    @Test
    void failsAResolutionNobodyAnswersAndCountsTheDrop() throws Exception {
        PcapPort port = open(null, new EthernetStation.Timers(30_000_000_000L, 100_000_000L, 3, 60_000_000_000L,
                60_000_000_000L));
        try {
            port.start(new EchoResponder());
            byte[] packet = org.ipsec4j.io.pcap.ethernet.EthernetFrames.class.getName().isEmpty() ? null : icmpTo77();
            PacketBuffer b = new PacketBuffer(PacketBuffers.CAPACITY, 0).set(PacketBuffers.HEADROOM, packet, 0,
                    packet.length);
            assertTrue(port.send(b, new byte[] {(byte) 192, 0, 2, 77}, 0), "queued while resolving");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (port.counters().dropped() == 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(1, port.counters().dropped(), port.linkCounters() + " " + port.neighbour(InetAddress.getByName("192.0.2.77")));
            assertTrue(port.neighbour(InetAddress.getByName("192.0.2.77")).endsWith(" FAILED"));
            assertEquals(1, port.linkCounters().failures());
            assertEquals(3, port.linkCounters().solicitations());
        } finally {
            port.close();
        }
    }

    private static byte[] icmpTo77() {
        byte[] p = new byte[28];
        p[0] = 0x45;
        p[3] = 28;
        p[8] = 64;
        p[9] = 1;
        p[12] = (byte) 192;
        p[14] = 2;
        p[15] = 2;
        p[16] = (byte) 192;
        p[18] = 2;
        p[19] = 77;
        int c = org.ipsec4j.api.packet.InternetChecksum.compute(p, 0, 20);
        p[10] = (byte) (c >>> 8);
        p[11] = (byte) c;
        p[20] = 8;
        return p;
    }

    @Test
    void stopsAndStartsAgain() throws Exception {
        PcapPort port = open(null);
        try {
            EchoResponder echo = new EchoResponder();
            port.start(echo);
            assertTrue(ping("-c", "1", "-W", "2", "192.0.2.2"));
            long t0 = System.nanoTime();
            port.stop();
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "stop returns promptly");
            assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("ipsec4j-pcap-wan0")));
            int before = echo.echoed.get();
            assertTrue(!ping("-c", "1", "-W", "1", "192.0.2.2"), "no answers while stopped");
            assertEquals(before, echo.echoed.get());
            port.start(echo);
            assertTrue(ping("-c", "1", "-W", "2", "192.0.2.2"), "answers again after a new start");
            assertThrows(IllegalStateException.class, () -> port.start(echo));
        } finally {
            port.close();
        }
    }

    @Test
    void refusesAMissingInterfaceAndATooLargeMtu() throws Exception {
        PcapPort.Settings missing = new PcapPort.Settings("x", "nope0", List.of(), 0, null);
        IOException e = assertThrows(IOException.class, () -> ns.inside(() -> PcapPort.open(missing)));
        assertEquals("interface nope0: no such device", e.getMessage());
        PcapPort.Settings big = new PcapPort.Settings("x", "p0", List.of(), 9000, null);
        e = assertThrows(IOException.class, () -> ns.inside(() -> PcapPort.open(big)));
        assertEquals("mtu 9000 is larger than the MTU of p0 (1500)", e.getMessage());
    }

    /** The whole path (frame read, station, receiver, send, frame written) allocates nothing per packet. */
    @Test
    void theReaderAllocatesNothingPerPacket() throws Exception {
        PcapPort port = open(null);
        try {
            EchoResponder echo = new EchoResponder();
            port.start(echo);
            assertTrue(ping("-f", "-c", "3000", "-W", "1", "192.0.2.2"), "warm-up");
            Thread reader = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("ipsec4j-pcap-wan0")).findFirst().orElseThrow();
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long bytes0 = mx.getThreadAllocatedBytes(reader.getId());
            int echoed0 = echo.echoed.get();
            assertTrue(ping("-f", "-c", "5000", "-W", "1", "192.0.2.2"));
            assertTrue(ping("-6", "-f", "-c", "5000", "-W", "1", "2001:db8::2"));
            long bytes = mx.getThreadAllocatedBytes(reader.getId()) - bytes0;
            int packets = echo.echoed.get() - echoed0;
            assertTrue(packets >= 9990, "echoed " + packets);
            System.out.printf("pcap port reader: %d bytes allocated for %d echoes (%.3f per packet)%n", bytes, packets,
                    bytes / (double) packets);
            assertTrue(bytes / (double) packets < 1.0, bytes + " bytes for " + packets + " packets");
            assertNotEquals(0, port.counters().sentBytes());
        } finally {
            port.close();
        }
    }
}
