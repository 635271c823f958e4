package org.ipsec4j.itests.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ipsec4j.api.packet.InternetChecksum;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.SaCounters;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target: any bytes arriving as an IP packet at a receiver with an SA of every {@link Family} (AES-GCM,
 * AES-CBC with HMAC-SHA-256, ChaCha20-Poly1305, null with HMAC-SHA-256, AH with HMAC-SHA-1 and HMAC-SHA-256, IPComp
 * deflate, an ESP tunnel, IPv6) and the {@code in} policies that require them. {@link org.ipsec4j.engine.IpsecEngine#input}
 * must answer a {@link Verdict} and never throw, within the time bound; and no packet that was not authentic may come
 * out as verified: when an SA with an ICV verified a packet, that packet was the family's authentic packet with no
 * byte changed inside what the ICV covers, and the payload handed on is the sender's.
 *
 * <p>Input format ({@link FuzzInput}): byte 0 is the mode. 0: the rest is the packet; 1: the same with its IPv4
 * header checksum made valid; 2 and up: byte 1 picks a family, whose authentic packet the rest edits, one operation
 * after the other ({@link #mutate}). Seeds: {@code src/test/resources/.../InboundPacketFuzzTestInputs/arrivingPacket/}.
 */
class InboundPacketFuzzTest {
    private static final Lab LAB = new Lab(Family.ALL, 0, true); // no replay windows: every input alike
    private static final byte[][] PLAIN = new byte[Family.ALL.size()][];
    private static final byte[][] WIRE = new byte[Family.ALL.size()][];
    private static final ThreadLocal<PacketBuffer> BUFFER = ThreadLocal.withInitial(Packets::buffer);

    static {
        for (int i = 0; i < Family.ALL.size(); i++) {
            PLAIN[i] = Lab.plaintext(Family.ALL.get(i), i, 200);
            WIRE[i] = LAB.protect(PLAIN[i]);
            Verdict v = LAB.receive(WIRE[i], BUFFER.get());
            if (v != Verdict.OK) {
                throw new IllegalStateException(Family.ALL.get(i) + ": the authentic packet is refused: " + v);
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void arrivingPacket(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        int mode = in.u8();
        if (mode < 2) {
            byte[] packet = in.rest();
            if (mode == 1) {
                fixIpv4Checksum(packet);
            }
            assertNotNull(LAB.receive(packet, BUFFER.get()));
            return;
        }
        int index = in.u8() % Family.ALL.size();
        Family f = Family.ALL.get(index);
        byte[] packet = mutate(WIRE[index], in);
        long[] verified = verifiedCounts();
        PacketBuffer out = BUFFER.get();
        Verdict v = LAB.receive(packet, out);
        assertNotNull(v);
        long[] after = verifiedCounts();
        for (int g = 0; g < after.length; g++) {
            Family other = Family.ALL.get(g);
            if (after[g] == verified[g] || !other.integrity()) {
                continue;
            }
            String what = other + " verified an edited " + f + " packet " + Packets.hex(packet);
            assertEquals(f, other, what);
            assertFalse(changedInsideIcv(f, WIRE[index], packet), what);
            if (v == Verdict.OK) {
                assertArrayEquals(payload(PLAIN[index]), payload(out.toByteArray()), what);
            }
        }
    }

    /** Applies the edits the input describes to a copy of {@code original}. */
    static byte[] mutate(byte[] original, FuzzInput in) {
        byte[] p = original.clone();
        int ops = 0;
        while (in.more() && ops++ < 16) {
            int op = in.u8();
            int len = Math.max(1, p.length);
            switch (op % 8) {
                case 0 -> {
                    int at = in.u16() % len;
                    int x = in.u8();
                    if (at < p.length) p[at] ^= (byte) x;
                }
                case 1 -> {
                    int at = in.u16() % len;
                    int value = in.u16();
                    if (at + 1 < p.length) Packets.put16(p, at, value);
                }
                case 2 -> p = Arrays.copyOf(p, in.u16() % (p.length + 1));
                case 3 -> {
                    byte[] tail = in.bytes(in.u8());
                    byte[] q = Arrays.copyOf(p, p.length + tail.length);
                    System.arraycopy(tail, 0, q, p.length, tail.length);
                    p = q;
                }
                case 4 -> fixIpv4Checksum(p);
                case 5 -> {
                    int at = in.u16() % len;
                    int value = in.u32();
                    if (at + 3 < p.length) Packets.put32(p, at, value);
                }
                case 6 -> {
                    int at = in.u16() % len;
                    int n = Math.min(in.u8(), p.length - Math.min(at, p.length));
                    byte[] q = new byte[p.length - n];
                    System.arraycopy(p, 0, q, 0, Math.min(at, p.length));
                    System.arraycopy(p, Math.min(at, p.length) + n, q, Math.min(at, p.length), q.length - Math.min(at, p.length));
                    p = q;
                }
                default -> {
                    int at = in.u16() % len;
                    if (at < p.length) p[at] = (byte) in.u8();
                }
            }
        }
        return p;
    }

    /** Whether {@code edited} differs from {@code original} in a byte the ICV of {@code f} covers, or in length. */
    static boolean changedInsideIcv(Family f, byte[] original, byte[] edited) {
        int ipLen = Packets.ipHeaderLength(original);
        if (edited.length < original.length) {
            return true;
        }
        for (int i = 0; i < original.length; i++) {
            if (original[i] != edited[i] && covered(f, i, ipLen)) {
                return true;
            }
        }
        return false; // bytes beyond the IP length are link-layer padding: not part of the packet
    }

    private static boolean covered(Family f, int pos, int ipLen) {
        if (pos >= ipLen) {
            return true;
        }
        if (!f.ah()) {
            return false; // ESP does not cover the IP header
        }
        return f.ipv4() ? !List.of(1, 6, 7, 8, 10, 11).contains(pos) : pos >= 8 || pos == 4 || pos == 5 || pos == 6;
    }

    /**
     * Packets whose ICV each family's SA verified so far: those it passed, and those dropped for what only a verified
     * packet can show (padding, next header, dummy, ECN of the inner header).
     */
    private static long[] verifiedCounts() {
        long[] n = new long[Family.ALL.size()];
        for (int i = 0; i < n.length; i++) {
            SaCounters c = LAB.receiverSa(Family.ALL.get(i)).counters();
            n[i] = c.packets() + c.drops(Verdict.BAD_PADDING) + c.drops(Verdict.BAD_NEXT_HEADER)
                    + c.drops(Verdict.DUMMY) + c.drops(Verdict.ECN_DROP);
        }
        return n;
    }

    static byte[] payload(byte[] plain) {
        return ForgeryAttackTest.payload(plain);
    }

    static void fixIpv4Checksum(byte[] p) {
        if (p.length >= 20 && (p[0] & 0xf0) == 0x40) {
            int ihl = Math.min((p[0] & 0x0f) * 4, p.length);
            if (ihl >= 12) {
                Packets.put16(p, 10, 0);
                Packets.put16(p, 10, InternetChecksum.compute(p, 0, ihl));
            }
        }
    }
}
