package org.ipsec4j.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.esp.EspTransform;
import org.ipsec4j.sad.SaTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * ESP output and input of one IPv4 packet in transport mode, single thread, through {@link EspTransform} over real
 * {@link SaTable} SAs and the providers of {@code cipher-jce} and {@code cipher-bc} as a default gateway's registry
 * ranks them ({@link GatewayRegistry}). {@code payload} is the IP payload (what ESP encrypts, before padding); the
 * packet is 20 bytes longer.
 *
 * <p>Each operation starts from the packet as it arrives: {@link #output} copies the plaintext packet into its buffer
 * ({@link PacketBuffer#set}), {@link #input} copies the next of {@value Packets#RING} distinct sealed packets (sequence
 * numbers 1 to 16, so distinct IVs: a combined mode never sees the same nonce twice in a row, as on a real link) into
 * its buffer. The raw cipher baseline ({@link RawCipherBenchmark}) makes the same copies into the same layout, and
 * {@link CopyBenchmark} measures the copies alone, so the table can show ratios with and without them.
 *
 * <p>Replay protection: the receiving SA has no replay window ({@code -r 0}), because the ring repeats every 16
 * packets and a window would reject the repeats. Input still does everything else for real each time: ICV check (or
 * AEAD open) and decryption, padding and next-header checks, the (window-less) replay check and commit, counters.
 * What a window adds is measured by {@link ReplayWindowBenchmark}. Any verdict but {@link Verdict#OK} fails the run.
 *
 * <p>Besides JMH's wall-clock throughput every benchmark reports its CPU time per operation ({@link CpuTime}), the
 * measure that stays put on a shared machine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EspBenchmark {
    @Param({"aes-gcm-16", "aes-cbc+hmac-sha1", "aes-cbc+hmac-sha256", "chacha20-poly1305", "3des-cbc+hmac-sha1",
        "null+hmac-sha256", "null"})
    public String suite;

    @Param({"64", "512", "1400"})
    public int payload;

    /**
     * The use clock of the two SADs: {@code gateway} (the SAD service's ticking clock) or {@code system} (the system
     * clock read per packet), see {@link SadClocks}.
     */
    @Param({"gateway"})
    public String sadClock;

    private SadClocks senderSad;
    private SadClocks receiverSad;
    private EspTransform sender;
    private EspTransform receiver;
    private SaEntry out;
    private SaEntry in;
    private byte[] plain;
    private final byte[][] sealed = new byte[Packets.RING][];
    private int next;
    private final PacketBuffer outPkt = new PacketBuffer(Packets.CAPACITY, Packets.HEADROOM);
    private final PacketBuffer inPkt = new PacketBuffer(Packets.CAPACITY, Packets.HEADROOM);

    @Setup(Level.Trial)
    public void setUp() {
        Suite s = Suite.of(suite);
        AlgorithmRegistry registry = GatewayRegistry.create();
        System.out.println("# " + s.id + " served by " + s.providers(registry) + " on JDK " + Runtime.version());
        senderSad = new SadClocks(sadClock);
        receiverSad = new SadClocks(sadClock);
        sender = new EspTransform(registry);
        receiver = new EspTransform(registry);
        out = senderSad.table.add(s.sa(0));
        in = receiverSad.table.add(s.sa(0));
        plain = Packets.ipv4(payload);

        // The ring comes from a third SA with the same configuration, so the benchmarked sender starts at 1 too.
        try (SaTable producerSad = new SaTable()) {
            SaEntry producer = producerSad.add(s.sa(0));
            EspTransform esp = new EspTransform(registry);
            int expected = Packets.IPV4_HEADER + 8 + s.ivSize() + s.textLength(payload) + s.icvSize();
            for (int i = 0; i < Packets.RING; i++) {
                outPkt.set(Packets.HEADROOM, plain, 0, plain.length);
                require(esp.output(outPkt, producer), "sealing the ring");
                sealed[i] = outPkt.toByteArray();
                if (sealed[i].length != expected) {
                    throw new IllegalStateException(s.id + ": sealed " + sealed[i].length + " bytes, expected " + expected);
                }
            }
        }
        // Every ring packet opens to the plaintext packet.
        for (byte[] p : sealed) {
            inPkt.set(Packets.HEADROOM, p, 0, p.length);
            require(receiver.input(inPkt, in), "opening the ring");
            if (!Arrays.equals(inPkt.toByteArray(), plain)) {
                throw new IllegalStateException(s.id + ": input did not give back the packet");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        senderSad.close();
        receiverSad.close();
    }

    @Benchmark
    public Verdict output(CpuTime cpu) {
        cpu.count();
        outPkt.set(Packets.HEADROOM, plain, 0, plain.length);
        return require(sender.output(outPkt, out), "output");
    }

    @Benchmark
    public Verdict input(CpuTime cpu) {
        cpu.count();
        byte[] p = sealed[next];
        next = (next + 1) & (Packets.RING - 1);
        inPkt.set(Packets.HEADROOM, p, 0, p.length);
        return require(receiver.input(inPkt, in), "input");
    }

    private static Verdict require(Verdict v, String what) {
        if (v != Verdict.OK) {
            throw new IllegalStateException(what + ": " + v);
        }
        return v;
    }
}
