package org.ipsec4j.algorithms.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.ipsec4j.algorithms.support.OfferedAlgorithm;
import org.ipsec4j.algorithms.testing.KnownAnswers.AeadVector;
import org.ipsec4j.algorithms.testing.KnownAnswers.CipherVector;
import org.ipsec4j.algorithms.testing.KnownAnswers.CompressionVector;
import org.ipsec4j.algorithms.testing.KnownAnswers.MacVector;
import org.ipsec4j.api.crypto.AeadContext;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.CompressionContext;
import org.ipsec4j.api.crypto.EncryptionContext;
import org.ipsec4j.api.crypto.IntegrityContext;
import org.ipsec4j.api.crypto.StandardAlgorithms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every algorithm provider bundle must do, run against its table of offered algorithms: the known answers of
 * {@link KnownAnswers} through the contexts, in place; many packets through one context; refused keys, lengths and
 * repeated IVs; closed contexts; ICVs that fail on a flipped bit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ProviderContractTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The algorithms of the provider under test. */
    protected abstract List<OfferedAlgorithm> offered();

    /**
     * A context of the MAC called {@code algorithm} for a key of any length (RFC vectors use keys setkey refuses), or
     * empty if the provider has none.
     */
    protected abstract Optional<IntegrityContext> anyKeyMac(String algorithm, byte[] key);

    protected final Optional<OfferedAlgorithm> find(AlgorithmKind kind, String name) {
        return offered().stream().filter(a -> a.descriptor().kind() == kind && a.descriptor().name().equals(name))
                .findFirst();
    }

    Stream<CipherVector> cipherVectors() {
        return KnownAnswers.ciphers().stream().filter(v -> find(AlgorithmKind.ENCRYPTION, v.algorithm()).isPresent());
    }

    Stream<AeadVector> aeadVectors() {
        return KnownAnswers.aeads().stream().filter(v -> find(AlgorithmKind.AEAD, v.algorithm()).isPresent());
    }

    Stream<MacVector> macVectors() {
        return KnownAnswers.macs().stream().filter(v -> find(AlgorithmKind.INTEGRITY, v.algorithm()).isPresent());
    }

    Stream<CompressionVector> compressionVectors() {
        return KnownAnswers.compressions().stream()
                .filter(v -> find(AlgorithmKind.COMPRESSION, v.algorithm()).isPresent());
    }

    Stream<OfferedAlgorithm> algorithms() {
        return offered().stream();
    }

    @Test
    void everyOfferedAlgorithmHasKnownAnswers() {
        for (OfferedAlgorithm a : offered()) {
            AlgorithmDescriptor d = a.descriptor();
            if (d != StandardAlgorithms.NULL_INTEGRITY) {
                assertTrue(KnownAnswers.count(d.name()) > 0, d.name() + " has no known-answer vector");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void describesItsAlgorithmAsStandardAlgorithmsDoes(OfferedAlgorithm a) {
        AlgorithmDescriptor d = a.descriptor();
        assertEquals(StandardAlgorithms.find(d.kind(), d.name()).orElseThrow(), d);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cipherVectors")
    void encryptsAndDecryptsKnownAnswersInPlacePacketAfterPacket(CipherVector v) {
        try (EncryptionContext c = (EncryptionContext) newContext(AlgorithmKind.ENCRYPTION, v.algorithm(), v.key())) {
            for (int packet = 0; packet < 3; packet++) {
                assertEquals(HEX.formatHex(v.cipher()), HEX.formatHex(InPlace.encrypt(c, v.iv(), v.plain())));
                assertEquals(HEX.formatHex(v.plain()), HEX.formatHex(InPlace.decrypt(c, v.iv(), v.cipher())));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aeadVectors")
    void sealsAndOpensKnownAnswersAndRefusesAnyFlippedBit(AeadVector v) {
        try (AeadContext sender = (AeadContext) newContext(AlgorithmKind.AEAD, v.algorithm(), v.key());
                AeadContext receiver = (AeadContext) newContext(AlgorithmKind.AEAD, v.algorithm(), v.key())) {
            assertEquals(HEX.formatHex(v.sealed()), HEX.formatHex(InPlace.seal(sender, v.iv(), v.aad(), v.plain())));
            String plain = HEX.formatHex(v.plain());
            assertEquals(plain, HEX.formatHex(InPlace.open(receiver, v.iv(), v.aad(), v.sealed()).orElseThrow()));

            int icv = sender.descriptor().icvSize();
            int textLen = v.sealed().length - icv;
            for (int at : new int[] {0, textLen - 1, textLen, v.sealed().length - 1}) {
                if (at >= 0) {
                    byte[] bad = v.sealed().clone();
                    bad[at] ^= 0x01;
                    assertTrue(InPlace.open(receiver, v.iv(), v.aad(), bad).isEmpty(), "flipped byte " + at);
                }
            }
            if (v.aad().length > 0) {
                byte[] badAad = v.aad().clone();
                badAad[badAad.length - 1] ^= (byte) 0x80;
                assertTrue(InPlace.open(receiver, v.iv(), badAad, v.sealed()).isEmpty(), "flipped AAD");
            }
            byte[] badIv = v.iv().clone();
            badIv[7] ^= 0x10;
            assertTrue(InPlace.open(receiver, badIv, v.aad(), v.sealed()).isEmpty(), "flipped IV");
            // after failures the same context still opens good packets
            assertEquals(plain, HEX.formatHex(InPlace.open(receiver, v.iv(), v.aad(), v.sealed()).orElseThrow()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("macVectors")
    void computesAndVerifiesKnownMacsAndRefusesAFlippedBit(MacVector v) {
        AlgorithmDescriptor d = find(AlgorithmKind.INTEGRITY, v.algorithm()).orElseThrow().descriptor();
        Optional<IntegrityContext> made = d.keySizes().accepts(v.key().length * 8)
                ? Optional.of((IntegrityContext) newContext(AlgorithmKind.INTEGRITY, v.algorithm(), v.key()))
                : anyKeyMac(v.algorithm(), v.key());
        try (IntegrityContext c = made.orElseThrow(() -> new AssertionError("no context for " + v))) {
            for (int packet = 0; packet < 2; packet++) {
                assertEquals(HEX.formatHex(v.mac()), HEX.formatHex(InPlace.mac(c, v.data(), v.mac().length)));
                assertTrue(InPlace.verify(c, v.data(), v.mac()));
                byte[] bad = v.mac().clone();
                bad[bad.length - 1] ^= 0x01;
                assertFalse(InPlace.verify(c, v.data(), bad));
            }
            if (v.data().length > 0) {
                byte[] data = v.data().clone();
                data[0] ^= 0x40;
                assertFalse(InPlace.verify(c, data, v.mac()));
            }
            c.update(new byte[] {1, 2, 3}, 0, 3);
            c.reset();
            assertTrue(InPlace.verify(c, v.data(), v.mac()), "reset forgets what was fed");
        }
    }

    @Test
    void linuxHmacSha256IsTheRfc4868IcvCutTo96Bits() {
        Optional<OfferedAlgorithm> linux = find(AlgorithmKind.INTEGRITY, "hmac-sha256-96");
        Optional<OfferedAlgorithm> rfc = find(AlgorithmKind.INTEGRITY, "hmac-sha256");
        if (linux.isEmpty() || rfc.isEmpty()) {
            return; // a provider without HMAC-SHA-256
        }
        RandomKeys random = new RandomKeys(96);
        byte[] key = random.key(StandardAlgorithms.HMAC_SHA256_96, 256);
        try (IntegrityContext l = (IntegrityContext) linux.get().newContext(key);
                IntegrityContext r = (IntegrityContext) rfc.get().newContext(key)) {
            assertEquals(12, l.descriptor().icvSize());
            assertEquals(16, r.descriptor().icvSize());
            for (int packet = 0; packet < 20; packet++) {
                byte[] data = random.bytes(random.nextInt(1500));
                byte[] icv96 = InPlace.mac(l, data, l.descriptor().icvSize());
                byte[] icv128 = InPlace.mac(r, data, r.descriptor().icvSize());
                assertArrayEquals(java.util.Arrays.copyOf(icv128, 12), icv96);
                assertTrue(InPlace.verify(l, data, icv96));
            }
        }
    }

    @Test
    void decompressesKnownAnswersAndItsOwnOutput() {
        compressionVectors().forEach(this::decompressesKnownAnswer); // a provider may have no compression at all
    }

    private void decompressesKnownAnswer(CompressionVector v) {
        try (CompressionContext c = (CompressionContext) newContext(AlgorithmKind.COMPRESSION, v.algorithm(),
                new byte[0])) {
            for (int packet = 0; packet < 2; packet++) {
                byte[] out = new byte[7 + v.plain().length + 5];
                int n = c.decompress(guarded(v.compressed()), 3, v.compressed().length, out, 7, v.plain().length);
                assertEquals(v.plain().length, n);
                assertEquals(HEX.formatHex(v.plain()), HEX.formatHex(java.util.Arrays.copyOfRange(out, 7, 7 + n)));
                byte[] mine = new byte[v.plain().length];
                int m = c.compress(v.plain(), 0, v.plain().length, mine, 0, mine.length);
                assertTrue(m > 0 && m < v.plain().length, "compressible");
                assertEquals(n, c.decompress(mine, 0, m, out, 7, v.plain().length));
            }
            byte[] out = new byte[v.plain().length];
            assertEquals(-1, c.decompress(v.compressed(), 0, v.compressed().length, out, 0, out.length - 1),
                    "more than the room given: a decompression bomb");
            assertEquals(-1, c.decompress(v.compressed(), 0, v.compressed().length / 2, out, 0, out.length),
                    "truncated");
            byte[] garbage = v.compressed().clone();
            garbage[0] = (byte) 0xFF;
            assertEquals(-1, c.decompress(garbage, 0, garbage.length, out, 0, out.length), "corrupt");
            assertEquals(v.plain().length, c.decompress(v.compressed(), 0, v.compressed().length, out, 0,
                    out.length), "usable after failures");
        }
    }

    private static byte[] guarded(byte[] data) {
        byte[] b = new byte[3 + data.length + 4];
        System.arraycopy(data, 0, b, 3, data.length);
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void oneContextCarriesManyPacketsOfEveryLength(OfferedAlgorithm a) {
        AlgorithmDescriptor d = a.descriptor();
        RandomKeys random = new RandomKeys(d.name().hashCode());
        for (int bits : RandomKeys.lengths(d, 3)) {
            byte[] key = random.key(d, bits);
            try (AlgorithmContext one = a.newContext(key); AlgorithmContext two = a.newContext(key)) {
                for (int packet = 0; packet < 60; packet++) {
                    int block = Math.max(d.blockSize(), 1);
                    byte[] data = random.bytes(block * random.nextInt(1600 / block + 1));
                    byte[] iv = random.bytes(d.ivSize());
                    if (iv.length > 0) {
                        iv[0] = (byte) packet; // never the same IV twice in a row
                    }
                    roundTrip(one, two, iv, data, random.bytes(random.nextInt(2) == 0 ? 8 : 12));
                }
            }
        }
    }

    private static void roundTrip(AlgorithmContext one, AlgorithmContext two, byte[] iv, byte[] data, byte[] aad) {
        if (one instanceof EncryptionContext e) {
            byte[] cipher = InPlace.encrypt(e, iv, data);
            if (e.descriptor() != StandardAlgorithms.NULL_ENCRYPTION && data.length >= 16) {
                assertFalse(HEX.formatHex(cipher).equals(HEX.formatHex(data)), "encrypted");
            }
            assertArrayEquals(data, InPlace.decrypt((EncryptionContext) two, iv, cipher));
        } else if (one instanceof AeadContext s) {
            byte[] sealed = InPlace.seal(s, iv, aad, data);
            assertArrayEquals(data, InPlace.open((AeadContext) two, iv, aad, sealed).orElseThrow());
        } else if (one instanceof CompressionContext z) {
            byte[] half = data.clone(); // random bytes do not compress, a run of zeros does
            java.util.Arrays.fill(half, half.length / 2, half.length, (byte) 0);
            for (byte[] payload : new byte[][] {data, half}) {
                byte[] out = new byte[payload.length];
                int n = z.compress(payload, 0, payload.length, out, 0, out.length);
                if (n > 0) {
                    byte[] back = new byte[payload.length];
                    assertEquals(payload.length, ((CompressionContext) two).decompress(out, 0, n, back, 0,
                            back.length));
                    assertArrayEquals(payload, back);
                } else {
                    assertEquals(-1, n);
                    assertTrue(payload == data || payload.length < 200, "half zeros compress");
                }
            }
        } else {
            IntegrityContext m = (IntegrityContext) one;
            byte[] icv = InPlace.mac(m, data, m.descriptor().icvSize());
            assertTrue(InPlace.verify((IntegrityContext) two, data, icv));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void refusesKeysOfLengthsTheDescriptorDoesNotAccept(OfferedAlgorithm a) {
        AlgorithmDescriptor d = a.descriptor();
        int bad = d.keySizes().maxBits() + 8;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.newContext(new byte[bad / 8]));
        assertEquals(d.name() + ": key of " + bad + " bits, expected " + d.keySizes().describe(), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void aClosedContextRefusesWork(OfferedAlgorithm a) {
        AlgorithmDescriptor d = a.descriptor();
        AlgorithmContext c = a.newContext(new RandomKeys(1).key(d, d.keySizes().minBits()));
        c.close();
        c.close();
        byte[] buf = new byte[64];
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            if (c instanceof EncryptionContext x) {
                x.encrypt(buf, 0, buf, 16, 16);
            } else if (c instanceof AeadContext x) {
                x.seal(buf, 0, buf, 0, 0, buf, 16, 16);
            } else if (c instanceof CompressionContext x) {
                x.compress(buf, 0, 16, buf, 16, 16);
            } else {
                ((IntegrityContext) c).update(buf, 0, 16);
            }
        });
        assertEquals(d.name() + ": context is closed", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void blockCiphersRefuseAPartialBlock(OfferedAlgorithm a) {
        AlgorithmDescriptor d = a.descriptor();
        if (d.kind() != AlgorithmKind.ENCRYPTION || d.blockSize() == 1) {
            return;
        }
        try (EncryptionContext c = (EncryptionContext) a.newContext(new RandomKeys(2).key(d, d.keySizes().minBits()))) {
            byte[] buf = new byte[64];
            int len = d.blockSize() + 1;
            assertEquals(d.name() + ": length " + len + " is not a multiple of the block size " + d.blockSize(),
                    assertThrows(IllegalArgumentException.class, () -> c.encrypt(buf, 0, buf, 16, len)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> c.decrypt(buf, 0, buf, 16, len));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void aeadSealRefusesTheIvOfThePreviousPacket(OfferedAlgorithm a) {
        AlgorithmDescriptor d = a.descriptor();
        if (d.kind() != AlgorithmKind.AEAD) {
            return;
        }
        RandomKeys random = new RandomKeys(3);
        try (AeadContext c = (AeadContext) a.newContext(random.key(d, d.keySizes().maxBits()))) {
            byte[] iv = random.bytes(8);
            InPlace.seal(c, iv, new byte[8], random.bytes(32));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> InPlace.seal(c, iv, new byte[8], new byte[32]));
            assertEquals(d.name() + ": IV repeats the previous packet's", e.getMessage());
            iv[3] ^= 1;
            InPlace.seal(c, iv, new byte[8], new byte[32]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void aeadContextThatOpenedAnIvMaySealWithIt(OfferedAlgorithm a) {
        AlgorithmDescriptor d = a.descriptor();
        if (d.kind() != AlgorithmKind.AEAD) {
            return;
        }
        RandomKeys random = new RandomKeys(6);
        byte[] key = random.key(d, d.keySizes().minBits());
        try (AeadContext peer = (AeadContext) a.newContext(key); AeadContext c = (AeadContext) a.newContext(key)) {
            byte[] iv = random.bytes(8);
            byte[] aad = random.bytes(8);
            byte[] data = random.bytes(100);
            byte[] sealed = InPlace.seal(peer, iv, aad, data);
            // a forged packet with that IV first, then the genuine one: both libraries refuse some re-inits
            // with the nonce of the previous one, the context must not
            byte[] forged = sealed.clone();
            forged[0] ^= 1;
            assertTrue(InPlace.open(c, iv, aad, forged).isEmpty());
            assertArrayEquals(data, InPlace.open(c, iv, aad, sealed).orElseThrow());
            assertArrayEquals(sealed, InPlace.seal(c, iv, aad, data), "sealing with the IV just opened");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void makesTheContextOfItsKind(OfferedAlgorithm a) {
        AlgorithmDescriptor d = a.descriptor();
        try (AlgorithmContext c = a.newContext(new RandomKeys(4).key(d, d.keySizes().minBits()))) {
            assertEquals(d, c.descriptor());
            switch (d.kind()) {
                case ENCRYPTION -> assertInstanceOf(EncryptionContext.class, c);
                case AEAD -> assertInstanceOf(AeadContext.class, c);
                case INTEGRITY -> assertInstanceOf(IntegrityContext.class, c);
                case COMPRESSION -> assertInstanceOf(CompressionContext.class, c);
            }
        }
    }

    private AlgorithmContext newContext(AlgorithmKind kind, String name, byte[] key) {
        return find(kind, name).orElseThrow().newContext(key);
    }
}
