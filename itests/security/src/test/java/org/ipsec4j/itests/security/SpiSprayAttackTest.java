package org.ipsec4j.itests.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.packet.InternetChecksum;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.engine.Mib;
import org.ipsec4j.engine.admin.StatSection;
import org.ipsec4j.engine.forward.Gateway;
import org.ipsec4j.engine.route.Addresses;
import org.ipsec4j.engine.route.RoutingTable;
import org.ipsec4j.io.memory.MemoryLink;
import org.ipsec4j.io.memory.MemoryPort;
import org.ipsec4j.io.memory.MemoryPortConfig;
import org.junit.jupiter.api.Test;

/**
 * SPI spraying and malformed packets against a running gateway on in-memory links: a million ESP packets with unknown
 * SPIs, and every truncation of an authentic packet, arrive on the gateway's wan port between the packets of a
 * legitimate ESP tunnel. Every legitimate packet is decapsulated and forwarded to the host behind the gateway, intact
 * and in order; every sprayed packet is counted as {@code nosa}; nothing is created per unknown SPI (the heap after GC
 * grows by less than 16 MiB, the SAD still holds one SA) and no packet ends in an internal error.
 */
class SpiSprayAttackTest {
    private static final int SPRAY = 1_000_000;
    private static final int LEGITIMATE_EVERY = 1000;
    private static final byte[] GATEWAY = Node.address(Family.RECEIVER4).getAddress();

    @Test
    void legitimateTrafficFlowsThroughAMillionUnknownSpis() throws Exception {
        Family f = Family.ESP_TUNNEL;
        try (Node sender = new Node(); Node gw = new Node()) {
            sender.setkey(f.saStatement(8) + f.outPolicy());
            gw.setkey(f.saStatement(8) + f.inPolicy());
            gw.settings.set(Mib.IP_FORWARDING, 1);
            Gateway gateway = new Gateway(gw.engine, new RoutingTable());
            MemoryLink wan = new MemoryLink("wan");
            MemoryLink lan = new MemoryLink("lan");
            gateway.attach(wan.attach(config("wan0", "192.0.2.2/24")), "wan0", PacketPort.ROLE_NETWORK);
            gateway.attach(lan.attach(config("lan0", "203.0.113.1/24")), "lan0", PacketPort.ROLE_NETWORK);
            MemoryPort peer = wan.attach(config("peer", "192.0.2.17/24"));
            MemoryPort attacker = wan.attach(config("attacker", "192.0.2.66/24"));
            MemoryPort host = lan.attach(config("host", "203.0.113.10/24"));
            AtomicLong delivered = new AtomicLong();
            List<String> wrong = new ArrayList<>();
            host.start((port, pkt) -> {
                long n = delivered.get();
                byte[] got = pkt.toByteArray();
                byte[] want = Lab.plaintext(f, (int) n, 64);
                want[8]--; // forwarded: one hop less
                Packets.put16(want, 10, 0);
                Packets.put16(want, 10, InternetChecksum.compute(want, 0, 20));
                if (!Arrays.equals(want, got) && wrong.size() < 5) {
                    wrong.add("packet " + n + ": " + Packets.hex(got));
                }
                delivered.incrementAndGet();
            });
            try {
                // every truncation of an authentic packet first, then the spray with the legitimate flow in it
                int legit = 0;
                PacketBuffer out = Packets.buffer();
                byte[] authentic = protect(sender, f, 1_000_000 + 0);
                for (int n = 0; n < authentic.length; n++) {
                    send(attacker, out.set(PacketBuffers.HEADROOM, authentic, 0, n == 0 ? 1 : n));
                }
                long malformed = authentic.length;
                PacketBuffer spray = sprayPacket();
                SplittableRandom random = new SplittableRandom(42);
                long heapBefore = 0;
                for (int i = 0; i < SPRAY; i++) {
                    if (i % LEGITIMATE_EVERY == 0) {
                        byte[] wire = protect(sender, f, legit++);
                        send(peer, out.set(PacketBuffers.HEADROOM, wire, 0, wire.length));
                    }
                    int spi;
                    do {
                        spi = random.nextInt();
                    } while (spi == f.spi() || (spi >= 0 && spi < 256));
                    Packets.put32(spray.array(), spray.start() + 20, spi);
                    Packets.put32(spray.array(), spray.start() + 24, i + 1);
                    send(attacker, spray);
                    if (i == 50_000) {
                        await(() -> gw.engine.statistics().inNoSa(), 50_001, "warm-up");
                        heapBefore = usedHeapAfterGc();
                    }
                }
                await(() -> gw.engine.statistics().inNoSa(), SPRAY, "unknown SPIs counted");
                final int sent = legit;
                await(delivered::get, sent, "legitimate packets forwarded");
                long heapAfter = usedHeapAfterGc();
                assertTrue(wrong.isEmpty(), "legitimate packets changed: " + wrong);
                assertEquals(SPRAY, gw.engine.statistics().inNoSa(), "every unknown SPI is a nosa drop");
                assertEquals(sent, gw.engine.statistics().inSuccess(), "every legitimate packet verified");
                assertEquals(1, gw.sad.dump().size(), "no state per unknown SPI");
                long growth = heapAfter - heapBefore;
                assertTrue(growth < 16 << 20, "the heap grew by " + growth + " bytes under the spray");
                long internal = 0;
                long badHeaders = 0;
                for (StatSection s : gateway.statistics()) {
                    if (s.protocol().equals("ip")) {
                        internal = s.value("packets dropped on internal errors");
                        badHeaders = s.value("packets with bad headers or lengths");
                    }
                }
                assertEquals(0, internal, "internal errors");
                long truncatedDrops = gw.engine.statistics().inDropped() - SPRAY;
                assertEquals(malformed, truncatedDrops + badHeaders, "every truncation dropped and counted");
                System.out.println(SPRAY + " unknown SPIs and " + malformed + " truncations dropped, " + sent
                        + " legitimate packets forwarded; heap growth " + growth + " bytes");
            } finally {
                host.stop();
                gateway.close();
            }
        }
    }

    private static MemoryPortConfig config(String name, String prefix) {
        return MemoryPortConfig.of(name, Addresses.prefixes(prefix)).withQueue(4096);
    }

    private static byte[] protect(Node sender, Family f, int seq) {
        PacketBuffer b = Packets.buffer(Lab.plaintext(f, seq, 64));
        assertEquals(Verdict.OK, sender.engine.output(b));
        return b.toByteArray();
    }

    /** An ESP packet from the attacker to the gateway: 20 + 8 + 64 bytes; SPI and sequence number set per send. */
    private static PacketBuffer sprayPacket() {
        byte[] p = new byte[92];
        p[0] = 0x45;
        Packets.put16(p, 2, p.length);
        p[8] = 64;
        p[9] = 50;
        System.arraycopy(Node.address("192.0.2.66").getAddress(), 0, p, 12, 4);
        System.arraycopy(GATEWAY, 0, p, 16, 4);
        Packets.put16(p, 10, InternetChecksum.compute(p, 0, 20));
        return Packets.buffer(p);
    }

    /** Sends to the gateway, waiting while its receive queue is full (so that every packet arrives). */
    private static void send(MemoryPort from, PacketBuffer pkt) {
        while (!from.send(pkt, GATEWAY, 0)) {
            Thread.onSpinWait();
        }
    }

    private static void await(LongSupplier value, long target, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (value.getAsLong() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": " + value.getAsLong() + " of " + target + " after 120 s");
            }
            Thread.sleep(5);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
