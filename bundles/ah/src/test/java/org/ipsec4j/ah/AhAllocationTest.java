package org.ipsec4j.ah;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.IntegrityContext;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * AH allocates nothing per packet in steady state: over {@value #PACKETS} packets out and back in, the bytes this
 * thread allocates ({@code com.sun.management.ThreadMXBean}) are no more than what the same HMAC contexts allocate
 * when driven directly for the same work, measured the same way in the same test (below one byte per packet of
 * slack, for the TLAB's accounting).
 */
class AhAllocationTest {
    private static final int PACKETS = 10_000;
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"TRANSPORT,false", "TUNNEL,false", "TRANSPORT,true", "TUNNEL,true"})
    void ahAddsNothingToWhatTheMacAllocates(IpsecMode mode, boolean six) {
        assertTrue(MX.isThreadAllocatedMemorySupported());
        MX.setThreadAllocatedMemoryEnabled(true);
        TestRegistry registry = TestRegistry.withAll();
        SecurityAssociation sa = Fixtures.ah(six ? Fixtures.A6 : Fixtures.A4, six ? Fixtures.B6 : Fixtures.B4,
                "hmac-sha256", Fixtures.key(32, 4), mode, false).extendedSequence(true).replayWindowBytes(128).build();
        Fixtures.Pair pair = Fixtures.Pair.of(registry, sa);
        byte[] plain = six
                ? Fixtures.ipv6(Fixtures.A6, Fixtures.B6, IpProtocol.HOPOPT, Fixtures.concat(
                        Fixtures.hex("1100" + "3e0401020304"), Fixtures.payload(100)))
                : Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.UDP,
                        Fixtures.hex("94040000" + "01" + "070b04cb00710900000000"), Fixtures.payload(100));
        PacketBuffer pkt = new PacketBuffer(Fixtures.CAPACITY, Fixtures.HEADROOM);
        Runnable ah = () -> {
            pkt.set(Fixtures.HEADROOM, plain, 0, plain.length);
            Verdict out = pair.sender().output(pkt, pair.out());
            Verdict in = pair.receiver().input(pkt, pair.in());
            if (out != Verdict.OK || in != Verdict.OK) {
                throw new AssertionError(out + " " + in);
            }
        };
        Runnable raw = rawMac(registry, sa, plain.length + 64);

        for (int i = 0; i < 3 * PACKETS; i++) {
            ah.run();
            raw.run();
        }
        long ahBytes = Long.MAX_VALUE;
        long rawBytes = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            rawBytes = Math.min(rawBytes, allocated(raw));
            ahBytes = Math.min(ahBytes, allocated(ah));
        }
        System.out.printf("AH hmac-sha256 %s %s: AH %d bytes, the MAC alone %d bytes, for %d packets out and in%n",
                mode, six ? "IPv6" : "IPv4", ahBytes, rawBytes, PACKETS);
        assertTrue(ahBytes <= rawBytes + PACKETS,
                "AH allocated " + ahBytes + " bytes for " + PACKETS + " packets, the MAC alone " + rawBytes);
        assertEquals(6 * PACKETS, pair.out().counters().packets(), "every packet went out");
        assertEquals(6 * PACKETS, pair.in().counters().packets(), "and came back in");
    }

    @Test
    void theMeasurementSeesAnAllocationPerPacket() {
        MX.setThreadAllocatedMemoryEnabled(true);
        Object[] sink = new Object[1];
        long bytes = allocated(() -> sink[0] = new byte[8]);
        assertTrue(bytes >= 16L * PACKETS, "one small array per packet shows: " + bytes);
    }

    private static long allocated(Runnable r) {
        long before = MX.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < PACKETS; i++) {
            r.run();
        }
        return MX.getCurrentThreadAllocatedBytes() - before;
    }

    /** The MAC work AH does per packet, driven straight on two contexts: prefix, packet, ESN high half, sign, verify. */
    private static Runnable rawMac(TestRegistry registry, SecurityAssociation sa, int len) {
        var p = registry.find(AlgorithmKind.INTEGRITY, "hmac-sha256").orElseThrow();
        IntegrityContext sign = (IntegrityContext) p.newContext(sa.authentication().orElseThrow().key());
        IntegrityContext verify = (IntegrityContext) p.newContext(sa.authentication().orElseThrow().key());
        byte[] buf = new byte[Fixtures.CAPACITY];
        byte[] prefix = new byte[64];
        byte[] icv = new byte[16];
        return () -> {
            sign.update(prefix, 0, 40);
            sign.update(buf, 100, len);
            sign.update(prefix, 0, 4);
            sign.finish(icv, 0);
            verify.update(prefix, 0, 40);
            verify.update(buf, 100, len);
            verify.update(prefix, 0, 4);
            if (!verify.verify(icv, 0, 16)) {
                throw new AssertionError("raw HMAC failed");
            }
        };
    }
}
