package org.ipsec4j.io.pcap.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;

/**
 * What reading and writing a frame costs through pcap4j's byte-array API ({@code getNextRawPacket},
 * {@code sendPacket(byte[], int)}) and through {@link PcapLink} ({@code pcap_next_ex} and {@code pcap_sendpacket} on
 * native memory), on a veth pair in a namespace of its own: both readers open the same interface and read the same
 * frames from their rings. The numbers are printed; the test asserts that {@link PcapLink} allocates nothing per frame
 * (and that pcap4j's API does, which is why the port does not use it).
 */
class PcapReadCostTest {
    private static final int FRAMES = 1000;
    private static final int FRAME_LENGTH = 1014;
    private TestNamespace ns;

    @BeforeEach
    void namespace() throws Exception {
        String why = TestNamespace.unavailable();
        Assumptions.assumeTrue(why == null, "network namespace tests skipped: " + why);
        ns = TestNamespace.create("ipsec4j-cost");
        ns.exec("ip", "link", "add", "a0", "type", "veth", "peer", "name", "b0");
        for (String dev : new String[] {"a0", "b0"}) {
            ns.exec("sysctl", "-qw", "net.ipv6.conf." + dev + ".disable_ipv6=1");
            ns.exec("ip", "link", "set", dev, "arp", "off", "up");
        }
    }

    @AfterEach
    void delete() throws Exception {
        if (ns != null) ns.close();
    }

    private static PcapHandle pcap4j(String dev) throws Exception {
        PcapHandle h = new PcapHandle.Builder(dev).snaplen(1514).promiscuousMode(PromiscuousMode.NONPROMISCUOUS)
                .immediateMode(true).timeoutMillis(100).bufferSize(8 << 20).direction(PcapHandle.PcapDirection.IN)
                .build();
        h.setFilter("ether proto 0x88b5", BpfCompileMode.OPTIMIZE);
        h.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
        return h;
    }

    /** Time and bytes allocated on this thread per call of {@code op}, over {@code n} calls. */
    private record Cost(double nanos, double bytes) {
        @Override
        public String toString() {
            return String.format("%.0f ns, %.1f bytes", nanos, bytes);
        }
    }

    private interface Op {
        void run() throws Exception;
    }

    private static Cost measure(int n, Op op) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long b0 = mx.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) op.run();
        long t = System.nanoTime() - t0;
        long b = mx.getCurrentThreadAllocatedBytes() - b0;
        return new Cost(t / (double) n, b / (double) n);
    }

    @Test
    void pcapLinkAllocatesNothingPerFramePcap4jDoes() throws Exception {
        PcapLink ourReader = ns.inside(() -> PcapLink.open("b0", 1514, "ether proto 0x88b5"));
        PcapLink ourWriter = ns.inside(() -> PcapLink.open("a0", 1514, "ether proto 0x88b6"));
        PcapHandle theirReader = ns.inside(() -> pcap4j("b0"));
        PcapHandle theirWriter = ns.inside(() -> pcap4j("a0"));
        try {
            byte[] frame = new byte[FRAME_LENGTH];
            for (int i = 0; i < 6; i++) frame[i] = (byte) 0xff;
            frame[6] = 2;
            frame[12] = (byte) 0x88;
            frame[13] = (byte) 0xb5;
            byte[] dst = new byte[2000];
            Cost ourSend = null, theirSend = null, ourRead = null, theirRead = null;
            for (int round = 0; round < 4; round++) {
                if (round % 2 == 0) {
                    ourSend = measure(FRAMES, () -> assertTrue(ourWriter.send(frame, 0, FRAME_LENGTH)));
                    theirSend = measure(FRAMES, () -> theirWriter.sendPacket(frame, FRAME_LENGTH));
                } else {
                    theirSend = measure(FRAMES, () -> theirWriter.sendPacket(frame, FRAME_LENGTH));
                    ourSend = measure(FRAMES, () -> assertTrue(ourWriter.send(frame, 0, FRAME_LENGTH)));
                }
                Thread.sleep(50);
                ourRead = measure(2 * FRAMES, () -> {
                    int n;
                    while ((n = ourReader.read(dst, 0, dst.length)) == PcapLink.TIMEOUT) {
                        // all frames were sent before: a timeout means one was lost, which the count shows
                    }
                    assertEquals(FRAME_LENGTH, n);
                });
                theirRead = measure(2 * FRAMES, () -> {
                    byte[] f;
                    long deadline = System.nanoTime() + 1_000_000_000L;
                    while ((f = theirReader.getNextRawPacket()) == null) {
                        if (System.nanoTime() > deadline) throw new AssertionError("frame lost");
                    }
                    assertEquals(FRAME_LENGTH, f.length);
                });
            }
            System.out.printf("read  a %d-byte frame: PcapLink %s, pcap4j getNextRawPacket %s%n", FRAME_LENGTH, ourRead,
                    theirRead);
            System.out.printf("write a %d-byte frame: PcapLink %s, pcap4j sendPacket(byte[], int) %s%n", FRAME_LENGTH,
                    ourSend, theirSend);
            assertTrue(ourRead.bytes() < 1, "PcapLink.read allocates " + ourRead);
            assertTrue(ourSend.bytes() < 1, "PcapLink.send allocates " + ourSend);
            assertTrue(theirRead.bytes() > FRAME_LENGTH, "getNextRawPacket allocates " + theirRead);
        } finally {
            ourReader.close();
            ourWriter.close();
            theirReader.close();
            theirWriter.close();
        }
    }
}
