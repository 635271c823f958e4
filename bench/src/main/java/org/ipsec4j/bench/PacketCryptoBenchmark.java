package org.ipsec4j.bench;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.ipsec4j.api.packet.PacketBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cryptographic work ESP does for a packet of {@link EspBenchmark}, and nothing else ({@link PacketCrypto}: the
 * same number of bytes encrypted, padding and trailer included, the same bytes authenticated, at the same offsets of a
 * buffer of the same layout); the subclasses say on what. Each operation makes the same copy as its ESP counterpart:
 * {@link #encrypt} copies the plaintext IP packet into the buffer and encrypts its payload where ESP output would;
 * {@link #decrypt} copies the next of {@value Packets#RING} distinct sealed packets (distinct nonces: SunJCE refuses
 * ChaCha20-Poly1305 with the same key and nonce twice in a row) and verifies and decrypts it where ESP input would.
 * A wrong ICV fails the run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class PacketCryptoBenchmark {
    @Param({"aes-gcm-16", "aes-cbc+hmac-sha1", "aes-cbc+hmac-sha256", "chacha20-poly1305", "3des-cbc+hmac-sha1",
        "null+hmac-sha256"})
    public String suite;

    @Param({"64", "512", "1400"})
    public int payload;

    private PacketCrypto crypto;
    private byte[] plain;
    private final byte[][] sealed = new byte[Packets.RING][];
    private int next;
    private int textLen;
    /** Where ESP output puts the ESP header, IV and payload of the packet copied in at {@link Packets#HEADROOM}. */
    private int outEsp;
    private int outIv;
    private int outData;
    /** Where ESP input finds them in the sealed packet copied in at {@link Packets#HEADROOM}. */
    private int inEsp;
    private int inIv;
    private int inData;
    private final PacketBuffer outPkt = new PacketBuffer(Packets.CAPACITY, Packets.HEADROOM);
    private final PacketBuffer inPkt = new PacketBuffer(Packets.CAPACITY, Packets.HEADROOM);

    /** What does the work of suite {@code s}. */
    abstract PacketCrypto crypto(Suite s) throws GeneralSecurityException;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        Suite s = Suite.of(suite);
        crypto = crypto(s);
        plain = Packets.ipv4(payload);
        textLen = s.textLength(payload);
        outData = Packets.HEADROOM + Packets.IPV4_HEADER;
        outIv = outData - s.ivSize();
        outEsp = outIv - 8;
        inEsp = Packets.HEADROOM + Packets.IPV4_HEADER;
        inIv = inEsp + 8;
        inData = inIv + s.ivSize();

        int sealedLen = Packets.IPV4_HEADER + 8 + s.ivSize() + textLen + crypto.icv;
        for (int i = 0; i < Packets.RING; i++) {
            byte[] p = new byte[sealedLen];
            System.arraycopy(plain, 0, p, 0, Packets.IPV4_HEADER);
            int seq = i + 1;
            p[Packets.IPV4_HEADER + 1] = 0x10; // SPI 0x1000
            p[Packets.IPV4_HEADER + 7] = (byte) seq;
            System.arraycopy(plain, Packets.IPV4_HEADER, p, Packets.IPV4_HEADER + 8 + s.ivSize(), payload);
            inPkt.set(Packets.HEADROOM, p, 0, p.length);
            crypto.seal(inPkt.array(), inEsp, inIv, inData, textLen);
            sealed[i] = inPkt.toByteArray();
        }
        for (byte[] p : sealed) {
            inPkt.set(Packets.HEADROOM, p, 0, p.length);
            if (!crypto.open(inPkt.array(), inEsp, inIv, inData, textLen)
                    || !Arrays.equals(inPkt.array(), inData, inData + payload, plain, Packets.IPV4_HEADER,
                            plain.length)) {
                throw new IllegalStateException(s.id + ": " + getClass().getSimpleName() + " does not open what it sealed");
            }
        }
    }

    @Benchmark
    public byte encrypt(CpuTime cpu) throws GeneralSecurityException {
        cpu.count();
        outPkt.set(Packets.HEADROOM, plain, 0, plain.length);
        byte[] buf = outPkt.array();
        crypto.seal(buf, outEsp, outIv, outData, textLen);
        return buf[outData + textLen];
    }

    @Benchmark
    public byte decrypt(CpuTime cpu) throws GeneralSecurityException {
        cpu.count();
        byte[] p = sealed[next];
        next = (next + 1) & (Packets.RING - 1);
        inPkt.set(Packets.HEADROOM, p, 0, p.length);
        byte[] buf = inPkt.array();
        if (!crypto.open(buf, inEsp, inIv, inData, textLen)) {
            throw new IllegalStateException(getClass().getSimpleName() + " " + suite + ": wrong ICV");
        }
        return buf[inData];
    }
}
