package org.ipsec4j.bench;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.ipsec4j.api.sa.SaEntry;
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
 * What the SAD charges every packet outside the cryptography: {@link #recordOutput} (ESP output and input both end in
 * it: byte and packet counters, first and last use time, byte lifetimes), {@link #nextSequence}, and the clock read
 * inside the former ({@link #clockMillis}), with the SAD service's ticking use clock ({@code gateway}) and with the
 * system clock ({@code system}), see {@link SadClocks}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SaAccountingBenchmark {
    @Param({"system", "gateway"})
    public String clock;

    private Clock time;
    private SadClocks sad;
    private SaEntry sa;

    @Setup
    public void setUp() {
        sad = new SadClocks(clock);
        time = sad.useClock;
        sa = sad.table.add(Suite.AES_GCM_16.sa(0));
    }

    @TearDown
    public void tearDown() {
        sad.close();
    }

    @Benchmark
    public void recordOutput(CpuTime cpu) {
        cpu.count();
        sa.recordOutput(1420);
    }

    @Benchmark
    public long nextSequence(CpuTime cpu) {
        cpu.count();
        return sa.nextSequence();
    }

    @Benchmark
    public long clockMillis(CpuTime cpu) {
        cpu.count();
        return time.millis();
    }
}
