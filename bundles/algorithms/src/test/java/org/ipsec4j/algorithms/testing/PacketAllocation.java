package org.ipsec4j.algorithms.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.ipsec4j.algorithms.support.OfferedAlgorithm;
import org.ipsec4j.api.crypto.AeadContext;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.EncryptionContext;
import org.ipsec4j.api.crypto.IntegrityContext;

/**
 * How many bytes one context allocates per packet (one encryption and one decryption, or a seal and an open, or a MAC
 * computed and one verified, of about 1400 bytes), measured with HotSpot's per-thread allocation counter: the least
 * of three rounds of 2000 packets after a warm-up round, so that the JIT compiler's own allocations while it settles
 * do not count. Any object allocated per packet costs at least 16 bytes; an average below {@link #NONE} means that
 * packets do not allocate. Returns -1 where the JVM cannot count.
 */
public final class PacketAllocation {
    /** Bytes per packet below which no packet allocates: the smallest Java object. */
    public static final long NONE = 16;

    private PacketAllocation() {
    }

    public static long perPacket(OfferedAlgorithm a) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!(mx instanceof com.sun.management.ThreadMXBean counter) || !counter.isThreadAllocatedMemorySupported()) {
            return -1;
        }
        AlgorithmDescriptor d = a.descriptor();
        try (AlgorithmContext c = a.newContext(new RandomKeys(5).key(d, d.keySizes().minBits()))) {
            byte[] buf = new byte[1600];
            byte[] iv = new byte[16];
            byte[] aad = new byte[8];
            int len = d.blockSize() > 1 ? 1392 / d.blockSize() * d.blockSize() : 1400;
            long perPacket = Long.MAX_VALUE;
            for (int round = 0; round < 4; round++) { // the first round warms up
                long before = counter.getThreadAllocatedBytes(Thread.currentThread().getId());
                for (int i = 0; i < 2000; i++) {
                    iv[0] = (byte) i;
                    iv[1] = (byte) (i >> 8);
                    iv[2] = (byte) round;
                    packet(c, iv, aad, buf, len);
                }
                long bytes = (counter.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / 2000;
                if (round > 0) {
                    perPacket = Math.min(perPacket, bytes);
                }
            }
            return perPacket;
        }
    }

    private static void packet(AlgorithmContext c, byte[] iv, byte[] aad, byte[] buf, int len) {
        if (c instanceof EncryptionContext e) {
            e.encrypt(iv, 0, buf, 16, len);
            e.decrypt(iv, 0, buf, 16, len);
        } else if (c instanceof AeadContext s) {
            s.seal(iv, 0, aad, 0, 8, buf, 16, len);
            if (!s.open(iv, 0, aad, 0, 8, buf, 16, len)) {
                throw new AssertionError("own packet did not open");
            }
        } else {
            IntegrityContext m = (IntegrityContext) c; // the data at 16, the ICV after it
            m.update(buf, 16, len - 64);
            m.finish(buf, 16 + len - 64);
            m.update(buf, 16, len - 64);
            if (!m.verify(buf, 16 + len - 64)) {
                throw new AssertionError("own ICV did not verify");
            }
        }
    }
}
