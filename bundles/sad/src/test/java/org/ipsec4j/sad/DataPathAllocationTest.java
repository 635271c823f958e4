package org.ipsec4j.sad;

import static org.ipsec4j.sad.Sas.bytes;
import static org.ipsec4j.sad.Sas.esp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.Test;

/** The per-packet methods allocate nothing: measured with the JVM's per-thread allocation counter. */
class DataPathAllocationTest {
    private static final int ROUNDS = 200_000;

    @Test
    void lookupsSequenceReplayAndCountersAllocateNothing() {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        var mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());

        SaTable table = new SaTable();
        for (int i = 0; i < 1000; i++) {
            table.add(esp("10.0.0.1", "10.0.1." + (i % 250), 0x100 + i).replayWindowBytes(128).build());
        }
        byte[] dst = bytes("10.0.1.7");
        byte[] src = bytes("10.0.0.1");
        SaEntry e = table.lookupInbound(dst, 0, 4, 50, 0x100 + 7);
        long sink = 0;
        // the first pass warms up; the least of the others counts, so that a compilation that happens to run in the
        // middle of one pass on a loaded machine does not count as the data path's allocation
        long least = Long.MAX_VALUE;
        for (int pass = 0; pass < 4; pass++) {
            long seq = pass * (long) ROUNDS;
            long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < ROUNDS; i++) {
                SaEntry in = table.lookupInbound(dst, 0, 4, 50, 0x100 + 7);
                SaEntry out = table.lookupOutbound(SaProtocol.ESP, IpsecMode.TUNNEL, src, 0, dst, 0, 4, 0);
                long s = in.replayCheck((int) ++seq);
                if (s > 0 && in.replayCommit(s)) {
                    sink += s;
                }
                sink += out.nextSequence();
                in.recordInput(100);
                out.recordOutput(100);
                in.recordDrop(Verdict.AUTH_FAILED);
            }
            long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (pass > 0) {
                least = Math.min(least, allocated);
            }
        }
        assertTrue(sink != 0);
        assertTrue(least < 1024, "allocated " + least + " bytes in " + ROUNDS + " rounds");
        assertEquals(4L * ROUNDS, e.counters().drops(Verdict.AUTH_FAILED));
    }
}
