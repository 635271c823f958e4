package org.ipsec4j.ipcomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.CompressionContext;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.sad.SaTable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * IPComp allocates nothing per packet in steady state: over {@value #PACKETS} packets compressed and decompressed, the
 * bytes this thread allocates are no more than what the deflate context allocates when driven directly for the same
 * work (below one byte per packet of slack).
 */
class IpcompAllocationTest {
    private static final int PACKETS = 5_000;
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"TRANSPORT,false", "TUNNEL,false", "TRANSPORT,true", "TUNNEL,true"})
    void ipcompAddsNothingToWhatDeflateAllocates(IpsecMode mode, boolean six) {
        assertTrue(MX.isThreadAllocatedMemorySupported());
        MX.setThreadAllocatedMemoryEnabled(true);
        Fixtures.Registry registry = new Fixtures.Registry();
        SecurityAssociation cfg = Fixtures.ipcomp(six ? Fixtures.A6 : Fixtures.A4, six ? Fixtures.B6 : Fixtures.B4,
                mode).build();
        SaEntry out = new SaTable().add(cfg);
        SaEntry in = new SaTable().add(cfg);
        IpcompTransform sender = new IpcompTransform(registry, IpcompOptions.DEFAULTS);
        IpcompTransform receiver = new IpcompTransform(registry, IpcompOptions.DEFAULTS);
        byte[] plain = six ? Fixtures.ipv6(Fixtures.A6, Fixtures.B6, IpProtocol.UDP, Fixtures.text(1200))
                : Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.UDP, Fixtures.text(1200));
        PacketBuffer pkt = new PacketBuffer(Fixtures.CAPACITY, Fixtures.HEADROOM);
        Runnable ipcomp = () -> {
            pkt.set(Fixtures.HEADROOM, plain, 0, plain.length);
            Verdict o = sender.output(pkt, out);
            Verdict i = receiver.input(pkt, in);
            if (o != Verdict.OK || i != Verdict.OK || pkt.length() != plain.length) {
                throw new AssertionError(o + " " + i);
            }
        };
        CompressionContext c = (CompressionContext) registry.find(AlgorithmKind.COMPRESSION, "deflate").orElseThrow()
                .newContext(new byte[0]);
        byte[] a = new byte[IpcompOptions.MAX_PACKET];
        byte[] b = new byte[IpcompOptions.MAX_PACKET];
        System.arraycopy(plain, 0, a, 0, plain.length);
        Runnable raw = () -> {
            int n = c.compress(a, 0, plain.length, b, 0, plain.length - 5);
            if (c.decompress(b, 0, n, a, 0, 65535) != plain.length) {
                throw new AssertionError("raw deflate");
            }
        };
        for (int i = 0; i < 3 * PACKETS; i++) {
            ipcomp.run();
            raw.run();
        }
        long ipcompBytes = Long.MAX_VALUE;
        long rawBytes = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            rawBytes = Math.min(rawBytes, allocated(raw));
            ipcompBytes = Math.min(ipcompBytes, allocated(ipcomp));
        }
        System.out.printf("IPComp deflate %s %s: IPComp %d bytes, deflate alone %d bytes, for %d packets%n", mode,
                six ? "IPv6" : "IPv4", ipcompBytes, rawBytes, PACKETS);
        assertTrue(ipcompBytes <= rawBytes + PACKETS,
                "IPComp allocated " + ipcompBytes + " bytes for " + PACKETS + " packets, deflate alone " + rawBytes);
        assertEquals(6 * PACKETS, out.counters().packets());
        assertEquals(6 * PACKETS, in.counters().packets());
        c.close();
    }

    private static long allocated(Runnable r) {
        long before = MX.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < PACKETS; i++) {
            r.run();
        }
        return MX.getCurrentThreadAllocatedBytes() - before;
    }
}
