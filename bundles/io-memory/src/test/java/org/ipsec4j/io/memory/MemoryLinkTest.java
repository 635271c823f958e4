package org.ipsec4j.io.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.packet.PacketBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryLinkTest {
    private final List<MemoryPort> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(MemoryPort::stop);
    }

    /** A port whose receiver queues a copy of each packet with the receiving thread's name. */
    private MemoryPort port(MemoryLink link, MemoryPortConfig config, LinkedBlockingQueue<String> got) {
        MemoryPort p = link.attach(config);
        p.start((port, pkt) -> got.add(Thread.currentThread().getName() + " " + pkt.length() + " "
                + (pkt.array()[pkt.start() + pkt.length() - 1] & 0xff) + " " + pkt.headroom()));
        started.add(p);
        return p;
    }

    private static MemoryPortConfig cfg(String name, String... addresses) {
        List<org.ipsec4j.api.policy.IpPrefix> prefixes = new ArrayList<>();
        for (String a : addresses) prefixes.add(Prefixes.parse(a));
        return MemoryPortConfig.of(name, prefixes);
    }

    /** An IPv4-looking packet of {@code len} bytes whose last byte is {@code tag}. */
    private static PacketBuffer packet(int len, int tag) {
        byte[] b = new byte[len];
        b[0] = 0x45;
        b[len - 1] = (byte) tag;
        return new PacketBuffer(PacketBuffers.CAPACITY, PacketBuffers.HEADROOM).set(PacketBuffers.HEADROOM, b, 0, len);
    }

    private static final byte[] ANY = {(byte) 192, 0, 2, 99};

    @Test
    void aPairDeliversOnTheReceiversThread() throws Exception {
        MemoryLink link = new MemoryLink("p2p");
        LinkedBlockingQueue<String> atA = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> atB = new LinkedBlockingQueue<>();
        MemoryPort a = port(link, cfg("a", "192.0.2.1/24"), atA);
        MemoryPort b = port(link, cfg("b", "192.0.2.2/24"), atB);
        assertTrue(a.send(packet(100, 7), ANY, 0), "a point-to-point link ignores the next hop");
        assertEquals("ipsec4j-memory-b 100 7 " + PacketBuffers.HEADROOM, atB.poll(2, TimeUnit.SECONDS));
        assertTrue(b.send(packet(60, 9), ANY, 0));
        assertEquals("ipsec4j-memory-a 60 9 " + PacketBuffers.HEADROOM, atA.poll(2, TimeUnit.SECONDS));
        assertEquals(1, a.counters().sentPackets());
        assertEquals(100, a.counters().sentBytes());
        assertEquals(1, a.counters().receivedPackets());
        assertEquals(100, b.counters().receivedBytes());
    }

    @Test
    void aSwitchDeliversToTheOwnerOfTheNextHop() throws Exception {
        MemoryLink link = new MemoryLink("switch");
        Map<String, LinkedBlockingQueue<String>> got = new HashMap<>();
        MemoryPort a = null;
        for (int i = 1; i <= 3; i++) {
            LinkedBlockingQueue<String> q = new LinkedBlockingQueue<>();
            got.put("p" + i, q);
            MemoryPort p = port(link, cfg("p" + i, "192.0.2." + i + "/24"), q);
            if (i == 1) a = p;
        }
        assertTrue(a.send(packet(40, 3), new byte[] {0, (byte) 192, 0, 2, 3}, 1));
        assertTrue(got.get("p3").poll(2, TimeUnit.SECONDS).endsWith(" 40 3 " + PacketBuffers.HEADROOM));
        assertFalse(a.send(packet(40, 4), ANY, 0), "nobody owns 192.0.2.99");
        assertEquals(1, a.counters().dropped());
        assertTrue(got.get("p2").isEmpty());
    }

    @Test
    void dropsWhatTheLinkCannotCarry() throws Exception {
        MemoryLink link = new MemoryLink("l");
        MemoryPort a = link.attach(cfg("a").withMtu(576));
        LinkedBlockingQueue<String> atB = new LinkedBlockingQueue<>();
        assertFalse(a.send(packet(100, 1), ANY, 0), "no peer yet");
        MemoryPort b = link.attach(cfg("b").withQueue(2));
        assertFalse(a.send(packet(100, 1), ANY, 0), "the peer is not started");
        assertFalse(a.send(packet(577, 1), ANY, 0), "longer than the MTU");
        CountDownLatch hold = new CountDownLatch(1);
        b.start((port, pkt) -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            atB.add(String.valueOf(pkt.array()[pkt.start() + pkt.length() - 1]));
        });
        started.add(b);
        int accepted = 0;
        for (int i = 0; i < 5; i++) {
            if (a.send(packet(100, i), ANY, 0)) accepted++;
        }
        assertTrue(accepted >= 2 && accepted <= 3, "a queue of 2, and one packet being received: " + accepted);
        hold.countDown();
        for (int i = 0; i < accepted; i++) assertEquals(String.valueOf(i), atB.poll(2, TimeUnit.SECONDS));
        assertEquals(3 + 5 - accepted, a.counters().dropped());
    }

    @Test
    void lossAndCorruptionAreInjected() throws Exception {
        MemoryLink link = new MemoryLink("bad");
        LinkedBlockingQueue<String> atB = new LinkedBlockingQueue<>();
        MemoryPort a = link.attach(cfg("a").withImpairment(new Impairment(0.5, 0, 42)).withQueue(1024));
        port(link, cfg("b").withQueue(1024), atB);
        for (int i = 0; i < 1000; i++) assertTrue(a.send(packet(50, 1), ANY, 0), "a lost packet looks sent");
        long lost = a.lost();
        assertTrue(lost > 400 && lost < 600, "about half: " + lost);
        for (int i = 0; i < 1000 - lost; i++) assertTrue(atB.poll(2, TimeUnit.SECONDS) != null);

        MemoryLink noisy = new MemoryLink("noisy");
        List<byte[]> seen = new ArrayList<>();
        MemoryPort c = noisy.attach(cfg("c").withImpairment(new Impairment(0, 1, 7)));
        MemoryPort d = noisy.attach(cfg("d"));
        LinkedBlockingQueue<byte[]> atD = new LinkedBlockingQueue<>();
        d.start((port, pkt) -> atD.add(pkt.toByteArray()));
        started.add(d);
        noisy.tap((from, to, pkt) -> seen.add(pkt.toByteArray()));
        PacketBuffer p = packet(64, 5);
        assertTrue(c.send(p, ANY, 0));
        byte[] received = atD.poll(2, TimeUnit.SECONDS);
        assertArrayEquals(p.toByteArray(), seen.get(0), "the tap sees what was sent");
        assertNotEquals(java.util.Arrays.toString(p.toByteArray()), java.util.Arrays.toString(received));
        assertArrayEquals(p.toByteArray(), packet(64, 5).toByteArray(), "the sender's buffer is untouched");
        assertEquals(1, c.corrupted());
    }

    @Test
    void stopAndStartAgain() throws Exception {
        MemoryLink link = new MemoryLink("l");
        MemoryPort a = link.attach(cfg("a"));
        LinkedBlockingQueue<String> atB = new LinkedBlockingQueue<>();
        MemoryPort b = port(link, cfg("b"), atB);
        assertThrows(IllegalStateException.class, () -> b.start((port, pkt) -> { }));
        b.stop();
        assertFalse(b.running());
        assertFalse(a.send(packet(40, 1), ANY, 0));
        b.start((port, pkt) -> atB.add("again"));
        assertTrue(a.send(packet(40, 1), ANY, 0));
        assertEquals("again", atB.poll(2, TimeUnit.SECONDS));
        link.detach(b);
        assertEquals(List.of(a), link.ports());
    }

    @Test
    void sendingAllocatesNothing() throws Exception {
        MemoryLink link = new MemoryLink("l");
        MemoryPort a = link.attach(cfg("a").withQueue(4096));
        CountDownLatch all = new CountDownLatch(40_000);
        MemoryPort b = link.attach(cfg("b").withQueue(4096));
        b.start((port, pkt) -> all.countDown());
        started.add(b);
        PacketBuffer p = packet(1400, 1);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 4; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                while (!a.send(p, ANY, 0)) Thread.onSpinWait();
            }
            best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(all.await(10, TimeUnit.SECONDS));
        assertTrue(best < 4096, "allocated " + best + " bytes for 10000 packets");
    }

    @Test
    void configurationOfTheComponent() {
        MemoryPortConfig c = MemoryLinkComponent.parse(Map.of("name", "mem0", "addresses",
                "192.0.2.1/24, 2001:db8::1/64", "mtu", "1400", "role", "host", "queue", "16", "loss", "0.25"));
        assertEquals("mem0", c.name());
        assertEquals("[192.0.2.1/24, 2001:db8:0:0:0:0:0:1/64]", c.addresses().toString());
        assertEquals(1400, c.mtu());
        assertEquals(PacketPort.ROLE_HOST, c.role());
        assertEquals(16, c.queue());
        assertEquals(0.25, c.impairment().loss());
        MemoryPortConfig d = MemoryLinkComponent.parse(Map.of("name", "mem1"));
        assertEquals(1500, d.mtu());
        assertEquals(PacketPort.ROLE_NETWORK, d.role());
        assertEquals(List.of(), d.addresses());
        assertEquals("org.ipsec4j.io.memory.link: name is required",
                assertThrows(IllegalArgumentException.class, () -> MemoryLinkComponent.parse(Map.of())).getMessage());
        assertEquals("org.ipsec4j.io.memory.link: mtu is not a number: big", assertThrows(IllegalArgumentException.class,
                () -> MemoryLinkComponent.parse(Map.of("name", "x", "mtu", "big"))).getMessage());
        assertEquals("not a numeric address: host.example.org/24", assertThrows(IllegalArgumentException.class,
                () -> MemoryLinkComponent.parse(Map.of("name", "x", "addresses", "host.example.org/24"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> MemoryLinkComponent.parse(Map.of("name", "x", "role", "peer")));
        assertThrows(IllegalArgumentException.class, () -> MemoryLinkComponent.parse(Map.of("name", "x", "loss", "2")));
    }
}
