package org.ipsec4j.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.ipsec4j.api.crypto.AeadContext;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.EncryptionContext;
import org.ipsec4j.api.crypto.IntegrityContext;
import org.ipsec4j.api.packet.EspHeader;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ESP allocates nothing per packet in steady state: over {@value #PACKETS} packets out and back in, the bytes this
 * thread allocates ({@code com.sun.management.ThreadMXBean}) are no more than what the same algorithm contexts allocate
 * when driven directly for the same work (the JCE's own per-call garbage: parameter specs, GCM's buffering), measured
 * the same way in the same test.
 */
class EspAllocationTest {
    private static final int PACKETS = 10_000;
    private static final int PAYLOAD = 100;
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"aes-gcm-16,,TRANSPORT", "aes-cbc,hmac-sha1,TRANSPORT", "aes-gcm-16,,TUNNEL",
        "aes-cbc,hmac-sha1,TUNNEL"})
    void espAddsNothingToWhatTheCipherAllocates(String enc, String auth, IpsecMode mode) {
        assertTrue(MX.isThreadAllocatedMemorySupported());
        MX.setThreadAllocatedMemoryEnabled(true);
        TestRegistry registry = TestRegistry.withJce();
        SecurityAssociation sa = EspPair.sa(registry, TestSas.A4, TestSas.B4, enc, auth, mode)
                .extendedSequence(true).replayWindowBytes(128).build();
        EspPair pair = new EspPair(registry, sa);
        byte[] plain = Packets.ipv4(TestSas.A4, TestSas.B4, IpProtocol.UDP, Packets.payload(PAYLOAD));
        PacketBuffer pkt = new PacketBuffer(Packets.CAPACITY, Packets.HEADROOM);
        Runnable esp = () -> {
            pkt.set(Packets.HEADROOM, plain, 0, plain.length);
            Verdict out = pair.sender.output(pkt, pair.out);
            Verdict in = pair.receiver.input(pkt, pair.in);
            if (out != Verdict.OK || in != Verdict.OK) {
                throw new AssertionError(out + " " + in);
            }
        };
        boolean tunnel = mode == IpsecMode.TUNNEL;
        // where ESP's payload lands in the buffer: the IP header moves to the front in transport mode, the outer header
        // goes in front in tunnel mode
        Runnable raw = rawCrypto(registry, sa, tunnel ? plain.length : plain.length - 20,
                tunnel ? Packets.HEADROOM : Packets.HEADROOM + 20);

        for (int i = 0; i < 3 * PACKETS; i++) {
            esp.run();
            raw.run();
        }
        long espBytes = Long.MAX_VALUE;
        long rawBytes = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            rawBytes = Math.min(rawBytes, allocated(raw));
            espBytes = Math.min(espBytes, allocated(esp));
        }
        System.out.printf("%s %s %s: ESP %d bytes, contexts alone %d bytes, for %d packets out and in%n", enc, auth,
                mode, espBytes, rawBytes, PACKETS);
        assertTrue(rawBytes > 0, "the baseline measures something");
        long perPacketSlack = 1; // below one byte per packet on average: nothing per packet, whatever the TLAB does
        assertTrue(espBytes <= rawBytes + PACKETS * perPacketSlack,
                "ESP allocated " + espBytes + " bytes for " + PACKETS + " packets, the contexts alone " + rawBytes);
        assertEquals(6 * PACKETS, pair.out.counters().packets(), "every packet went out");
        assertEquals(6 * PACKETS, pair.in.counters().packets(), "and came back in");
    }

    private static long allocated(Runnable r) {
        long before = MX.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < PACKETS; i++) {
            r.run();
        }
        return MX.getCurrentThreadAllocatedBytes() - before;
    }

    /**
     * The crypto ESP does per packet, driven straight on the contexts: the same AAD, lengths and calls, in a buffer of
     * the same size with the payload at the same offset (the JCE's copying depends on it).
     */
    private static Runnable rawCrypto(TestRegistry registry, SecurityAssociation sa, int payload, int dataOff) {
        boolean combined = sa.authentication().isEmpty();
        int text = payload + EspHeader.padFor(payload, combined ? 4 : 16) + 2;
        byte[] buf = new byte[Packets.CAPACITY];
        byte[] aad = new byte[12];
        int ivOff = dataOff - (combined ? 8 : 16);
        int espOff = ivOff - 8;
        String enc = sa.encryption().orElseThrow().name();
        if (sa.authentication().isEmpty()) {
            var p = registry.find(AlgorithmKind.AEAD, enc).orElseThrow();
            AeadContext seal = (AeadContext) p.newContext(sa.encryption().get().key());
            AeadContext open = (AeadContext) p.newContext(sa.encryption().get().key());
            long[] seq = {0};
            return () -> {
                seq[0]++;
                for (int i = 0; i < 8; i++) {
                    buf[ivOff + i] = (byte) (seq[0] >>> (56 - 8 * i));
                }
                seal.seal(buf, ivOff, aad, 0, 12, buf, dataOff, text);
                if (!open.open(buf, ivOff, aad, 0, 12, buf, dataOff, text)) {
                    throw new AssertionError("raw GCM failed");
                }
            };
        }
        var cp = registry.find(AlgorithmKind.ENCRYPTION, enc).orElseThrow();
        var ip = registry.find(AlgorithmKind.INTEGRITY, sa.authentication().get().name()).orElseThrow();
        EncryptionContext e1 = (EncryptionContext) cp.newContext(sa.encryption().get().key());
        EncryptionContext e2 = (EncryptionContext) cp.newContext(sa.encryption().get().key());
        IntegrityContext m1 = (IntegrityContext) ip.newContext(sa.authentication().get().key());
        IntegrityContext m2 = (IntegrityContext) ip.newContext(sa.authentication().get().key());
        int icvAt = dataOff + text;
        return () -> {
            e1.encrypt(buf, ivOff, buf, dataOff, text);
            m1.update(buf, espOff, icvAt - espOff);
            m1.update(aad, 0, 4);
            m1.finish(buf, icvAt);
            m2.update(buf, espOff, icvAt - espOff);
            m2.update(aad, 0, 4);
            if (!m2.verify(buf, icvAt)) {
                throw new AssertionError("raw HMAC failed");
            }
            e2.decrypt(buf, ivOff, buf, dataOff, text);
        };
    }
}
