package org.ipsec4j.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ipsec4j.ah.AhOptions;
import org.ipsec4j.ah.AhTransform;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.esp.EspTransform;
import org.ipsec4j.sad.SaTable;
import org.ipsec4j.sad.SadEventSink;
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
 * AH with HMAC-SHA-256 (RFC 4302, RFC 4868), alone ({@code ah}) and around ESP with AES-GCM ({@code esp+ah}: the SA
 * bundle {@code esp/transport//require ah/transport//require}), output and input of one IPv4 packet in transport
 * mode, in the same run as the raw baseline: {@link #rawMac} computes the JDK's HmacSHA256 over as many bytes as AH
 * authenticates (the whole packet with its AH header), reusing one {@link Mac}. The layout, the ring of distinct
 * sealed packets for input and the window-less receiving SAs ({@code -r 0}) are those of {@link EspBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AhBenchmark {
    @Param({"ah", "esp+ah"})
    public String stack;

    @Param({"64", "512", "1400"})
    public int payload;

    private SaTable senderSad;
    private SaTable receiverSad;
    private AhTransform ahSender;
    private AhTransform ahReceiver;
    private EspTransform espSender;
    private EspTransform espReceiver;
    private SaEntry ahOut;
    private SaEntry ahIn;
    private SaEntry espOut;
    private SaEntry espIn;
    private boolean withEsp;
    private byte[] plain;
    private final byte[][] sealed = new byte[Packets.RING][];
    private int next;
    private final PacketBuffer outPkt = new PacketBuffer(Packets.CAPACITY, Packets.HEADROOM);
    private final PacketBuffer inPkt = new PacketBuffer(Packets.CAPACITY, Packets.HEADROOM);
    private Mac mac;
    private byte[] macInput;
    private final byte[] icv = new byte[32];

    private static SecurityAssociation ah() {
        return SecurityAssociation.builder(Suite.SOURCE, Suite.DESTINATION, SaProtocol.AH, 0x2001)
                .mode(IpsecMode.TRANSPORT).authentication(new AlgorithmKey("hmac-sha256", key(32, 5))).build();
    }

    private static SecurityAssociation esp() {
        return SecurityAssociation.builder(Suite.SOURCE, Suite.DESTINATION, SaProtocol.ESP, 0x2002)
                .mode(IpsecMode.TRANSPORT).encryption(new AlgorithmKey("aes-gcm-16", key(20, 6))).build();
    }

    private static byte[] key(int bytes, int seed) {
        byte[] k = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            k[i] = (byte) (i * 13 + seed);
        }
        return k;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        withEsp = stack.equals("esp+ah");
        AlgorithmRegistry registry = GatewayRegistry.create();
        senderSad = new SaTable(SadEventSink.NONE);
        receiverSad = new SaTable(SadEventSink.NONE);
        ahSender = new AhTransform(registry, AhOptions.DEFAULTS);
        ahReceiver = new AhTransform(registry, AhOptions.DEFAULTS);
        espSender = new EspTransform(registry);
        espReceiver = new EspTransform(registry);
        ahOut = senderSad.add(ah());
        ahIn = receiverSad.add(ah());
        if (withEsp) {
            espOut = senderSad.add(esp());
            espIn = receiverSad.add(esp());
        }
        plain = Packets.ipv4(payload);

        // the ring comes from SAs of the same configuration, so that the benchmarked senders start at 1 too
        try (SaTable producerSad = new SaTable()) {
            SaEntry pAh = producerSad.add(ah());
            SaEntry pEsp = withEsp ? producerSad.add(esp()) : null;
            AhTransform a = new AhTransform(registry, AhOptions.DEFAULTS);
            EspTransform e = new EspTransform(registry);
            for (int i = 0; i < Packets.RING; i++) {
                outPkt.set(Packets.HEADROOM, plain, 0, plain.length);
                if (withEsp) {
                    require(e.output(outPkt, pEsp), "sealing the ring (esp)");
                }
                require(a.output(outPkt, pAh), "sealing the ring (ah)");
                sealed[i] = outPkt.toByteArray();
            }
        }
        for (byte[] p : sealed) {
            inPkt.set(Packets.HEADROOM, p, 0, p.length);
            require(ahReceiver.input(inPkt, ahIn), "opening the ring (ah)");
            if (withEsp) {
                require(espReceiver.input(inPkt, espIn), "opening the ring (esp)");
            }
            if (!Arrays.equals(inPkt.toByteArray(), plain)) {
                throw new IllegalStateException(stack + ": input did not give back the packet");
            }
        }
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key(32, 5), "HmacSHA256"));
        macInput = sealed[0].clone();
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
        if (withEsp) {
            require(espSender.output(outPkt, espOut), "output (esp)");
        }
        return require(ahSender.output(outPkt, ahOut), "output (ah)");
    }

    @Benchmark
    public Verdict input(CpuTime cpu) {
        cpu.count();
        byte[] p = sealed[next];
        next = (next + 1) & (Packets.RING - 1);
        inPkt.set(Packets.HEADROOM, p, 0, p.length);
        Verdict v = require(ahReceiver.input(inPkt, ahIn), "input (ah)");
        return withEsp ? require(espReceiver.input(inPkt, espIn), "input (esp)") : v;
    }

    /** The ceiling of AH alone: the JDK's HMAC-SHA-256 over the bytes AH authenticates, with the same copy in. */
    @Benchmark
    public byte[] rawMac(CpuTime cpu) throws Exception {
        cpu.count();
        inPkt.set(Packets.HEADROOM, macInput, 0, macInput.length);
        mac.update(inPkt.array(), inPkt.start(), inPkt.length());
        mac.doFinal(icv, 0);
        return icv;
    }

    private static Verdict require(Verdict v, String what) {
        if (v != Verdict.OK) {
            throw new IllegalStateException(what + ": " + v);
        }
        return v;
    }
}
