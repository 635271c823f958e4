package org.ipsec4j.itests.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ipsec4j.api.packet.InternetChecksum;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.engine.EngineStatistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Forgery: every single-bit flip at every byte position of an authentic ESP or AH packet. ESP packets are attacked
 * from the ESP header on (SPI, sequence number, IV, ciphertext, ICV); AH packets everywhere, the IP header included,
 * each forgery with its IPv4 header checksum made valid again (as an attacker would). Every flip inside what the ICV
 * covers must be rejected as {@code badauth}; a flipped SPI finds no SA ({@code nosa}); the header fields outside the
 * ICV get their own exact verdicts. The receiver's counters must account for every forgery, the SA must count each
 * authentication failure, and the authentic packets must still be accepted afterwards (a failed forgery moves no
 * replay window).
 */
class ForgeryAttackTest {
    static final List<Family> INTEGRITY = Family.ALL.stream().filter(Family::integrity).toList();
    private static Lab lab;

    @BeforeAll
    static void lab() {
        lab = new Lab(INTEGRITY, 32);
    }

    @AfterAll
    static void close() {
        lab.close();
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("INTEGRITY")
    void everyBitFlipIsRejectedWithItsExactVerdict(Family f) {
        byte[][] plain = new byte[3][];
        byte[][] wire = new byte[3][];
        for (int i = 0; i < 3; i++) {
            plain[i] = Lab.plaintext(f, 3 * 1000 + i, 120);
            wire[i] = lab.protect(plain[i]);
        }
        byte[] original = wire[2]; // sequence number 3: no single flip turns it into 0
        int ipLen = Packets.ipHeaderLength(original);
        EngineStatistics before = lab.receiver.engine.statistics();
        long authBefore = lab.receiverSa(f).counters().drops(Verdict.AUTH_FAILED);
        Map<Verdict, Integer> expected = new EnumMap<>(Verdict.class);
        Map<Verdict, Integer> seen = new EnumMap<>(Verdict.class);
        int otherDrops = 0;
        PacketBuffer b = Packets.buffer();
        // first every flip that must fail, then those of mutable fields that must pass (each using up a number)
        for (int pass = 0; pass < 2; pass++)
        for (int pos = f.ah() ? 0 : ipLen; pos < original.length; pos++) {
            for (int bit = 0; bit < 8; bit++) {
                Verdict want = expectedVerdict(f, original, pos, bit);
                boolean accepted = want == Verdict.OK && !isTransit(f, pos);
                if (accepted != (pass == 1)) {
                    continue;
                }
                byte[] sent = plain[2];
                byte[] forged = original.clone();
                if (accepted) {
                    // accepted, it uses up its sequence number: each such flip goes into a fresh authentic packet
                    sent = Lab.plaintext(f, 3 * 1000 + 2, 120);
                    forged = lab.protect(sent);
                }
                forged[pos] ^= (byte) (1 << bit);
                if (f.ah() && f.ipv4()) {
                    if (pos == 10 || pos == 11) {
                        continue; // the checksum: made valid again below, so no forgery
                    }
                    Packets.put16(forged, 10, 0);
                    Packets.put16(forged, 10, InternetChecksum.compute(forged, 0, 20));
                }
                Verdict v = lab.receive(forged, b);
                seen.merge(v, 1, Integer::sum);
                String where = f + ": bit " + bit + " of byte " + pos + " (" + region(f, original, pos) + ")";
                if (want == null) {
                    assertNotEquals(Verdict.OK, v, where);
                    otherDrops++;
                    continue;
                }
                assertEquals(want, v, where);
                expected.merge(want, 1, Integer::sum);
                if (v == Verdict.OK) {
                    byte[] out = b.toByteArray();
                    if (isTransit(f, pos)) {
                        assertArrayEquals(forged, out, where + ": a packet for another host passes untouched");
                    } else {
                        assertArrayEquals(payload(sent), payload(out), where + ": the payload is the sender's");
                    }
                }
            }
        }
        EngineStatistics after = lab.receiver.engine.statistics();
        int total = 0;
        for (Map.Entry<Verdict, Integer> e : seen.entrySet()) {
            total += e.getValue();
            if (e.getKey() != Verdict.OK) {
                assertEquals(e.getValue().longValue(), after.inDrops(e.getKey()) - before.inDrops(e.getKey()),
                        f + ": the engine counts every " + e.getKey().counterName());
            }
        }
        int auth = expected.getOrDefault(Verdict.AUTH_FAILED, 0);
        assertTrue(auth >= 8 * 16, f + ": flips inside the ICV's cover: " + auth);
        int authSeen = seen.getOrDefault(Verdict.AUTH_FAILED, 0); // more where a shorter total length cut the ICV
        assertTrue(authSeen >= auth, f + ": " + seen);
        assertEquals(authSeen, lab.receiverSa(f).counters().drops(Verdict.AUTH_FAILED) - authBefore,
                f + ": the SA counts each authentication failure");
        assertEquals(32, expected.getOrDefault(Verdict.NO_SA, 0) - (f.ah() ? 1 : 0), f + ": SPI flips");
        int checked = expected.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(total, checked + otherDrops);
        System.out.println(f + ": " + total + " forgeries " + seen);

        // the authentic packets, after all that
        for (int i = 0; i < 3; i++) {
            assertEquals(Verdict.OK, lab.receive(wire[i], b), f + ": authentic packet " + (i + 1));
            assertArrayEquals(payload(plain[i]), payload(b.toByteArray()));
        }
    }

    /** The exact verdict of a flip of {@code bit} at {@code pos}, or null for "any drop" (IP version, lengths). */
    static Verdict expectedVerdict(Family f, byte[] original, int pos, int bit) {
        int ipLen = Packets.ipHeaderLength(original);
        if (pos >= ipLen) {
            int rel = pos - ipLen;
            if (rel < 4 && !f.ah()) {
                return Verdict.NO_SA;
            }
            if (f.ah()) {
                if (rel >= 4 && rel < 8) {
                    return Verdict.NO_SA;
                }
                if (rel == 1) {
                    return null; // the AH length: too long for the packet, or not the SA's ICV size
                }
            }
            return Verdict.AUTH_FAILED;
        }
        // AH only from here: the IP header
        if (f.ipv4()) {
            return switch (pos) {
                case 1, 8 -> Verdict.OK; // TOS and TTL: mutable, outside the ICV
                case 6 -> bit >= 6 ? Verdict.OK : Verdict.BAD_HEADER; // reserved flag and DF; MF and offset: fragment
                case 7 -> Verdict.BAD_HEADER;
                case 9 -> bit == 0 ? Verdict.NO_SA : Verdict.POLICY_VIOLATION; // 51 ^ 1 = 50: ESP; others: plaintext
                case 4, 5, 12, 13, 14, 15 -> Verdict.AUTH_FAILED; // identification, source
                case 16, 17, 18, 19 -> Verdict.OK; // another destination: not ours to verify, passed on untouched
                default -> null; // version, header length, total length
            };
        }
        if (pos == 0) {
            return bit >= 4 ? Verdict.BAD_HEADER : Verdict.OK; // version; traffic class
        }
        if (pos <= 3 || pos == 7) {
            return Verdict.OK; // traffic class, flow label, hop limit
        }
        if (pos == 6) {
            return bit == 0 ? Verdict.NO_SA : Verdict.POLICY_VIOLATION;
        }
        if (pos >= 8 && pos < 24) {
            return Verdict.AUTH_FAILED;
        }
        if (pos >= 24) {
            return Verdict.OK;
        }
        return null; // payload length
    }

    static boolean isTransit(Family f, int pos) {
        return f.ipv4() ? pos >= 16 && pos < 20 : pos >= 24 && pos < 40;
    }

    static String region(Family f, byte[] original, int pos) {
        int ipLen = Packets.ipHeaderLength(original);
        if (pos < ipLen) {
            return "IP header";
        }
        int rel = pos - ipLen;
        if (f.ah()) {
            return rel < 12 ? "AH header" : rel < 24 ? "AH ICV" : "payload";
        }
        return rel < 4 ? "SPI" : rel < 8 ? "sequence number" : "IV, ciphertext or ICV";
    }

    /** What follows the IP header of a plain packet (for a tunnel: of the inner packet). */
    static byte[] payload(byte[] plain) {
        return Arrays.copyOfRange(plain, Packets.ipHeaderLength(plain), plain.length);
    }
}
