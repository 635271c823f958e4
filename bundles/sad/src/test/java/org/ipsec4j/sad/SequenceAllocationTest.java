package org.ipsec4j.sad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.sad.persist.SequenceStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With persisted sequence numbers, the data path still allocates nothing in steady state (blocks are leased by the
 * writer thread), and a block leased on the sender's own thread (when it reaches the end of its lease before the writer
 * did) allocates no more than one write needs. Measured with the JVM's per-thread allocation counter.
 */
class SequenceAllocationTest {
    @TempDir
    Path dir;
    private com.sun.management.ThreadMXBean mx;

    @BeforeEach
    void counter() {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
    }

    private long allocated() {
        return mx.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static SecurityAssociation gcm(int spi) {
        return SecurityAssociation.builder(Sas.ip("192.0.2.1"), Sas.ip("192.0.2.2"), SaProtocol.ESP, spi)
                .encryption(new AlgorithmKey("aes-gcm-16", Sas.filled(20, 5))).replayWindowBytes(4).build();
    }

    @Test
    void steadyStateAllocatesNothing() throws IOException {
        int rounds = 200_000;
        SaTable table = new SaTable(Clock.systemUTC(), SadEventSink.NONE, SequenceStore.open(dir, 1 << 14));
        try {
            SaEntry e = table.add(gcm(0x100));
            SaEntry in = table.add(gcm(0x101));
            long least = Long.MAX_VALUE;
            long expected = 0;
            for (int pass = 0; pass < 4; pass++) {
                long before = allocated();
                for (int i = 0; i < rounds; i++) {
                    long s = e.nextSequence();
                    if (s != ++expected) {
                        throw new AssertionError("got " + s + ", expected " + expected);
                    }
                    long r = in.replayCheck((int) expected);
                    if (r != expected || !in.replayCommit(r)) {
                        throw new AssertionError("refused " + expected);
                    }
                }
                if (pass > 0) {
                    least = Math.min(least, allocated() - before);
                }
            }
            assertTrue(least < 1024, "allocated " + least + " bytes in " + rounds + " numbers sent and received ("
                    + rounds / (1 << 14) + " blocks)");
        } finally {
            table.close();
        }
    }

    @Test
    void aBlockLeasedOnTheSendersThreadAllocatesAtMostOneWrite() throws IOException {
        int sas = 200;
        SaTable table = new SaTable(Clock.systemUTC(), SadEventSink.NONE, SequenceStore.open(dir, 1 << 16));
        try {
            SaEntry[] entries = new SaEntry[sas];
            for (int i = 0; i < sas; i++) {
                entries[i] = table.add(gcm(0x1000 + i));
            }
            for (int i = 0; i < sas / 2; i++) {
                assertEquals(1, entries[i].nextSequence()); // warm-up: the first number of an SA leases on this thread
            }
            long before = allocated();
            long start = System.nanoTime();
            for (int i = sas / 2; i < sas; i++) {
                assertEquals(1, entries[i].nextSequence());
            }
            long nanos = System.nanoTime() - start;
            long perWrite = (allocated() - before) / (sas / 2);
            System.out.printf("a block leased on the sender's thread: %d bytes allocated, %.3f ms (write and force)%n",
                    perWrite, nanos / 1e6 / (sas / 2));
            assertTrue(perWrite <= 64, "a synchronous lease allocated " + perWrite + " bytes");
        } finally {
            table.close();
        }
    }
}
