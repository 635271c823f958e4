package org.ipsec4j.bench;

import java.util.concurrent.TimeUnit;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.sad.SaTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The anti-replay work of ESP input on an {@link SaTable} SA, per packet: {@code replayCheck} before the crypto,
 * {@code replayCommit} after, for in-order sequence numbers. With {@code window = 0} ({@code -r 0}, as
 * {@link EspBenchmark#input} runs) the SA only tracks the highest number; with {@code 32} ({@code -r 32}, 256
 * packets) it also checks and sets the bitmap. The difference is what a window would add to the input numbers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReplayWindowBenchmark {
    @Param({"0", "32"})
    public int window;

    private SaTable sad;
    private SaEntry sa;
    private int sequence;

    @Setup
    public void setUp() {
        sad = new SaTable();
        sa = sad.add(Suite.AES_GCM_16.sa(window));
    }

    @TearDown
    public void tearDown() {
        sad.close();
    }

    @Benchmark
    public boolean checkAndCommit(CpuTime cpu) {
        cpu.count();
        long seq = sa.replayCheck(++sequence);
        if (seq == -1 || !sa.replayCommit(seq)) {
            throw new IllegalStateException("in-order packet " + sequence + " refused");
        }
        return true;
    }
}
