package org.ipsec4j.bench;

import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * CPU time per operation, next to JMH's wall-clock throughput: on a machine shared with other work, wall-clock
 * throughput counts the time slices the scheduler gives to other processes, CPU time does not. Each benchmark
 * method counts its operations here ({@link #count()}); at the end of every iteration JMH reports, as secondary
 * metrics, the CPU nanoseconds per operation of the whole benchmark JVM ({@code cpuNsPerOp}: the benchmark thread
 * plus GC and JIT threads, so allocation is paid for) and of the benchmark thread alone ({@code threadCpuNsPerOp}).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long ops;
    private long processStart;
    private long threadStart;
    private long processNanos = -1;
    private long threadNanos = -1;

    /** One more operation. */
    void count() {
        ops++;
    }

    @Setup(Level.Iteration)
    public void start() {
        ops = 0;
        processNanos = -1;
        threadNanos = -1;
        threadStart = THREADS.getCurrentThreadCpuTime();
        processStart = OS.getProcessCpuTime();
    }

    @TearDown(Level.Iteration)
    public void stop() {
        processNanos = OS.getProcessCpuTime() - processStart;
        threadNanos = THREADS.getCurrentThreadCpuTime() - threadStart;
    }

    /** CPU time of the benchmark JVM per operation in this iteration, nanoseconds. */
    public double cpuNsPerOp() {
        return ops == 0 || processNanos < 0 ? Double.NaN : (double) processNanos / ops;
    }

    /** CPU time of the benchmark thread per operation in this iteration, nanoseconds. */
    public double threadCpuNsPerOp() {
        return ops == 0 || threadNanos < 0 ? Double.NaN : (double) threadNanos / ops;
    }
}
