package org.ipsec4j.bench;

import java.util.concurrent.TimeUnit;
import org.ipsec4j.api.packet.PacketBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The copy alone that each operation of {@link EspBenchmark} and {@link RawCipherBenchmark} starts with, to subtract
 * it: {@link #plainPacket} copies the plaintext IP packet ({@code payload} + 20 bytes) as output does;
 * {@link #sealedPacket} copies the next of {@value Packets#RING} sealed packets as input does, each as long as the
 * longest sealed packet of the suites ({@code payload} + 20 + 77: ESP header 8, IV up to 16, padding up to 15,
 * trailer 2, ICV up to 16), so what it measures is an upper bound for every suite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CopyBenchmark {
    /** The largest ESP overhead of the suites after the IP header. */
    static final int MAX_ESP_OVERHEAD = 8 + 16 + 15 + 2 + 16;

    @Param({"64", "512", "1400"})
    public int payload;

    private byte[] plain;
    private byte[][] sealed;
    private int next;
    private final PacketBuffer pkt = new PacketBuffer(Packets.CAPACITY, Packets.HEADROOM);

    @org.openjdk.jmh.annotations.Setup
    public void setUp() {
        plain = Packets.ipv4(payload);
        sealed = new byte[Packets.RING][plain.length + MAX_ESP_OVERHEAD];
        for (int i = 0; i < Packets.RING; i++) {
            System.arraycopy(plain, 0, sealed[i], 0, plain.length);
            sealed[i][plain.length] = (byte) i;
        }
    }

    @Benchmark
    public int plainPacket(CpuTime cpu) {
        cpu.count();
        pkt.set(Packets.HEADROOM, plain, 0, plain.length);
        return pkt.end();
    }

    @Benchmark
    public int sealedPacket(CpuTime cpu) {
        cpu.count();
        byte[] p = sealed[next];
        next = (next + 1) & (Packets.RING - 1);
        pkt.set(Packets.HEADROOM, p, 0, p.length);
        return pkt.end();
    }
}
