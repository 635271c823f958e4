package org.ipsec4j.io.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.ipsec4j.api.io.PortCounters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TUN port in a namespace of its own: the kernel has 192.0.2.1/24 and 2001:db8::1/64 on the TUN device, so it
 * routes its pings to 192.0.2.2 and 2001:db8::2 into the device; the port's receiver answers them and the port writes
 * the replies back to the kernel.
 */
class TunPortNetnsTest {
    private TestNamespace ns;

    @BeforeEach
    void namespace() throws Exception {
        String why = TestNamespace.unavailable();
        Assumptions.assumeTrue(why == null, "network namespace tests skipped: " + why);
        ns = TestNamespace.create("ipsec4j-tun");
    }

    @AfterEach
    void delete() throws IOException {
        if (ns != null) ns.close();
    }

    private void persistentDevice(String dev) throws IOException {
        ns.exec("ip", "tuntap", "add", "dev", dev, "mode", "tun");
        ns.exec("ip", "addr", "add", "192.0.2.1/24", "dev", dev);
        ns.exec("ip", "addr", "add", "2001:db8::1/64", "dev", dev, "nodad");
        ns.exec("ip", "link", "set", dev, "up");
    }

    private TunPort open(String dev, int mtu) throws Exception {
        TunPort.Settings s = new TunPort.Settings("tun0", dev, AddressList.parse("192.0.2.1/32, 2001:db8::1/128"), mtu);
        return ns.inside(() -> TunPort.open(s));
    }

    private boolean ping(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ping";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return ns.status(cmd) == 0;
    }

    @Test
    void carriesTheKernelsPacketsBothWays() throws Exception {
        persistentDevice("tun7");
        TunPort port = open("tun7", 0);
        try {
            EchoResponder echo = new EchoResponder();
            port.start(echo);
            assertEquals(1500, port.mtu());
            assertEquals("tun0", port.name());
            assertTrue(ping("-c", "3", "-i", "0.2", "-W", "2", "192.0.2.2"));
            assertTrue(ping("-6", "-c", "3", "-i", "0.2", "-W", "2", "2001:db8::2"));
            assertTrue(ping("-c", "2", "-i", "0.2", "-W", "2", "-M", "do", "-s", "1472", "192.0.2.2"));
            assertEquals(8, echo.echoed.get());
            PortCounters c = port.counters();
            assertEquals(8, c.sentPackets());
            assertTrue(c.receivedPackets() >= 8, c.toString());
            assertEquals(0, c.dropped());
        } finally {
            port.close();
        }
        assertTrue(ns.exec("ip", "link", "show", "tun7").contains("tun7"), "an administrator's device stays");
    }

    @Test
    void setsTheConfiguredMtu() throws Exception {
        persistentDevice("tun7");
        TunPort port = open("tun7", 1400);
        try {
            port.start(new EchoResponder());
            assertEquals(1400, port.mtu());
            assertTrue(ns.exec("ip", "link", "show", "tun7").contains("mtu 1400"));
            assertTrue(ping("-c", "1", "-W", "2", "-M", "do", "-s", "1372", "192.0.2.2"));
            assertFalse(ping("-c", "1", "-W", "1", "-M", "do", "-s", "1373", "192.0.2.2"));
        } finally {
            port.close();
        }
    }

    @Test
    void createsAMissingDeviceForItsLifetime() throws Exception {
        TunPort port = open("ipsec4jt0", 0);
        try {
            assertTrue(ns.exec("ip", "link", "show", "ipsec4jt0").contains("ipsec4jt0"));
            ns.exec("ip", "addr", "add", "192.0.2.1/24", "dev", "ipsec4jt0");
            ns.exec("ip", "link", "set", "ipsec4jt0", "up");
            port.start(new EchoResponder());
            assertTrue(ping("-c", "1", "-W", "2", "192.0.2.2"));
        } finally {
            port.close();
        }
        assertTrue(ns.status("ip", "link", "show", "ipsec4jt0") != 0, "gone with the port");
    }

    @Test
    void refusesATapDeviceAndBadNames() throws Exception {
        ns.exec("ip", "tuntap", "add", "dev", "tap7", "mode", "tap");
        IOException e = assertThrows(IOException.class, () -> open("tap7", 0));
        assertTrue(e.getMessage().startsWith("cannot attach TUN device tap7: invalid argument"), e.getMessage());
        e = assertThrows(IOException.class, () -> open("a-name-too-long-for-linux", 0));
        assertEquals("bad device name: a-name-too-long-for-linux", e.getMessage());
    }

    @Test
    void countsWritesTheKernelRefuses() throws Exception {
        persistentDevice("tun7");
        TunPort port = open("tun7", 0);
        try {
            ns.exec("ip", "link", "set", "tun7", "down");
            byte[] p = new byte[28];
            p[0] = 0x45;
            p[3] = 28;
            org.ipsec4j.api.packet.PacketBuffer b = new org.ipsec4j.api.packet.PacketBuffer(200, 50).set(50, p, 0, 28);
            assertFalse(port.send(b, p, 16));
            assertEquals(1, port.counters().dropped());
        } finally {
            port.close();
        }
    }

    @Test
    void stopsPromptlyAndStartsAgain() throws Exception {
        persistentDevice("tun7");
        TunPort port = open("tun7", 0);
        try {
            EchoResponder echo = new EchoResponder();
            port.start(echo);
            assertTrue(ping("-c", "1", "-W", "2", "192.0.2.2"));
            long t0 = System.nanoTime();
            port.stop();
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
            assertFalse(ping("-c", "1", "-W", "1", "192.0.2.2"));
            port.start(echo);
            assertTrue(ping("-c", "1", "-W", "2", "192.0.2.2"));
        } finally {
            port.close();
        }
    }

    @Test
    void theReaderAllocatesNothingPerPacket() throws Exception {
        persistentDevice("tun7");
        TunPort port = open("tun7", 0);
        try {
            EchoResponder echo = new EchoResponder();
            port.start(echo);
            assertTrue(ping("-f", "-c", "3000", "-W", "1", "192.0.2.2"), "warm-up");
            Thread reader = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("ipsec4j-tun-tun0")).findFirst().orElseThrow();
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long bytes0 = mx.getThreadAllocatedBytes(reader.getId());
            int echoed0 = echo.echoed.get();
            assertTrue(ping("-f", "-c", "5000", "-W", "1", "192.0.2.2"));
            assertTrue(ping("-6", "-f", "-c", "5000", "-W", "1", "2001:db8::2"));
            long bytes = mx.getThreadAllocatedBytes(reader.getId()) - bytes0;
            int packets = echo.echoed.get() - echoed0;
            System.out.printf("TUN port reader: %d bytes allocated for %d echoes (%.3f per packet)%n", bytes, packets,
                    bytes / (double) packets);
            assertTrue(packets >= 9990, "echoed " + packets);
            assertTrue(bytes / (double) packets < 1.0, bytes + " bytes for " + packets + " packets");
        } finally {
            port.close();
        }
        List<String> left = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("ipsec4j-tun")).toList();
        assertEquals(List.of(), left);
    }
}
