package org.ipsec4j.ah;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.sad.SaTable;
import org.junit.jupiter.api.Test;

/**
 * How AH binds algorithms to SAs: providers that come and go under a live SA, rekeying, SAs that die, algorithms that
 * cannot serve AH, packets that find no room, sequence numbers used up, many threads on one SA, and the configuration.
 */
class AhBindingTest {
    private static byte[] plain() {
        return Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.UDP, Fixtures.payload(40));
    }

    private static SecurityAssociation sa(String alg, int keyBytes) {
        return Fixtures.ah(Fixtures.A4, Fixtures.B4, alg, Fixtures.key(keyBytes, 2), IpsecMode.TRANSPORT, false)
                .build();
    }

    private static Verdict roundTrip(Fixtures.Pair pair) {
        PacketBuffer pkt = Fixtures.buffer(plain());
        Verdict v = pair.sender().output(pkt, pair.out());
        return v != Verdict.OK ? v : pair.receiver().input(pkt, pair.in());
    }

    @Test
    void providerRemovedAndBackKeepsTheSequenceNumbers() {
        TestRegistry registry = TestRegistry.withAll();
        Fixtures.Pair pair = Fixtures.Pair.of(registry, sa("hmac-sha256", 32));
        assertEquals(Verdict.OK, roundTrip(pair));
        AlgorithmProvider jce = registry.get(AlgorithmKind.INTEGRITY, "hmac-sha256");
        registry.remove(AlgorithmKind.INTEGRITY, "hmac-sha256");
        assertEquals(Verdict.NO_ALGORITHM, roundTrip(pair));
        assertEquals(Verdict.NO_ALGORITHM, pair.receiver().input(Fixtures.buffer(plain()), pair.in()));
        assertEquals(1, pair.out().counters().drops(Verdict.NO_ALGORITHM));
        assertEquals(1, pair.in().counters().drops(Verdict.NO_ALGORITHM));
        // another implementation of the same algorithm takes over
        AlgorithmProvider bc = org.ipsec4j.cipher.bc.BcProviders.all().stream()
                .filter(p -> p.descriptor().name().equals("hmac-sha256")).findFirst().orElseThrow();
        registry.put(bc);
        assertEquals(Verdict.OK, roundTrip(pair));
        registry.put(jce);
        assertEquals(Verdict.OK, roundTrip(pair));
        assertEquals(3, pair.out().counters().sequence(), "no sequence number lost or repeated");
        assertEquals(3, pair.in().counters().sequence());
    }

    @Test
    void aRekeyedSaUsesItsNewKeyAndKeepsItsWindow() {
        TestRegistry registry = TestRegistry.withAll();
        SaTable outSad = new SaTable();
        SaTable inSad = new SaTable();
        SecurityAssociation first = sa("hmac-sha1", 20);
        Fixtures.Pair pair = new Fixtures.Pair(new AhTransform(registry, AhOptions.DEFAULTS),
                new AhTransform(registry, AhOptions.DEFAULTS), outSad.add(first), inSad.add(sa("hmac-sha1", 20)));
        assertEquals(Verdict.OK, roundTrip(pair));
        SecurityAssociation rekeyed = first.toBuilder()
                .authentication(new AlgorithmKey("hmac-sha1", Fixtures.key(20, 77))).build();
        outSad.update(rekeyed);
        assertEquals(Verdict.AUTH_FAILED, roundTrip(pair), "the sender's new key");
        inSad.update(rekeyed.toBuilder().authentication(new AlgorithmKey("hmac-sha1", Fixtures.key(20, 77))).build());
        assertEquals(Verdict.OK, roundTrip(pair));
        assertEquals(3, pair.in().counters().sequence());
    }

    @Test
    void deathClosesTheContexts() {
        TestRegistry registry = TestRegistry.withAll();
        List<AlgorithmContext> made = new ArrayList<>();
        AlgorithmProvider real = registry.get(AlgorithmKind.INTEGRITY, "hmac-sha1");
        registry.put(new AlgorithmProvider() {
            @Override public AlgorithmDescriptor descriptor() { return real.descriptor(); }
            @Override public String providerName() { return "counting"; }
            @Override
            public AlgorithmContext newContext(byte[] key) {
                AlgorithmContext c = real.newContext(key);
                made.add(c);
                return c;
            }
        });
        SaTable sad = new SaTable();
        SaEntry sa = sad.add(sa("hmac-sha1", 20));
        AhTransform ah = new AhTransform(registry, AhOptions.DEFAULTS);
        assertEquals(Verdict.OK, ah.output(Fixtures.buffer(plain()), sa));
        assertEquals(1, made.size());
        sad.delete(sa.id());
        assertEquals(Verdict.BAD_STATE, ah.output(Fixtures.buffer(plain()), sa));
        assertTrue(made.get(0).toString().contains("closed"), made.get(0).toString());
    }

    @Test
    void algorithmsThatCannotServeAh() {
        TestRegistry registry = TestRegistry.withAll();
        AhTransform ah = new AhTransform(registry, AhOptions.DEFAULTS);
        SaEntry gcm = new SaTable().add(Fixtures.ah(Fixtures.A4, Fixtures.B4, "aes-gcm-16", Fixtures.key(20, 1),
                IpsecMode.TRANSPORT, false).build());
        assertEquals(Verdict.BAD_STATE, ah.output(Fixtures.buffer(plain()), gcm), "a cipher, not a MAC");
        SaEntry oldGmac = new SaTable().add(Fixtures.ah(Fixtures.A4, Fixtures.B4, "aes-gmac", Fixtures.key(20, 1),
                IpsecMode.TRANSPORT, true).build());
        assertEquals(Verdict.BAD_STATE, ah.output(Fixtures.buffer(plain()), oldGmac), "RFC 1826 has no IV");
        SaEntry unknown = new SaTable().add(Fixtures.ah(Fixtures.A4, Fixtures.B4, "hmac-whirlpool",
                Fixtures.key(20, 1), IpsecMode.TRANSPORT, false).build());
        assertEquals(Verdict.NO_ALGORITHM, ah.output(Fixtures.buffer(plain()), unknown));
        SaEntry none = new SaTable().add(SecurityAssociation.builder(Fixtures.A4, Fixtures.B4,
                org.ipsec4j.api.sa.SaProtocol.AH, 0x3000).build());
        assertEquals(Verdict.BAD_STATE, ah.output(Fixtures.buffer(plain()), none), "no -A at all");
        SaEntry badKey = new SaTable().add(Fixtures.ah(Fixtures.A4, Fixtures.B4, "hmac-sha1", Fixtures.key(7, 1),
                IpsecMode.TRANSPORT, false).build());
        assertEquals(Verdict.NO_ALGORITHM, ah.output(Fixtures.buffer(plain()), badKey), "the provider refused the key");
        for (SaEntry sa : List.of(gcm, oldGmac, unknown, none, badKey)) {
            assertEquals(0, sa.counters().sequence());
            assertEquals(1, sa.counters().drops().values().stream().mapToLong(Long::longValue).sum());
        }
    }

    @Test
    void noRoomSpendsNothing() {
        TestRegistry registry = TestRegistry.withAll();
        Fixtures.Pair pair = Fixtures.Pair.of(registry, sa("hmac-sha1", 20));
        byte[] plain = plain();
        PacketBuffer tight = new PacketBuffer(plain.length + 23, 23).set(23, plain, 0, plain.length);
        assertEquals(Verdict.NO_BUFFER_SPACE, pair.sender().output(tight, pair.out()));
        assertEquals(0, pair.out().counters().sequence());
        SaEntry tunnel = new SaTable().add(Fixtures.ah(Fixtures.A4, Fixtures.B4, "hmac-sha1", Fixtures.key(20, 2),
                IpsecMode.TUNNEL, false).build());
        PacketBuffer tunnelTight = new PacketBuffer(plain.length + 43, 43).set(43, plain, 0, plain.length);
        assertEquals(Verdict.NO_BUFFER_SPACE, pair.sender().output(tunnelTight, tunnel));
        assertEquals(0, tunnel.counters().sequence());
        PacketBuffer exact = new PacketBuffer(plain.length + 24, 24).set(24, plain, 0, plain.length);
        assertEquals(Verdict.OK, pair.sender().output(exact, pair.out()));
        assertEquals(0, exact.start());
        byte[] huge = Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.UDP, new byte[65535 - 20 - 10]);
        assertEquals(Verdict.BAD_LENGTH, pair.sender().output(new PacketBuffer(70000, 100).set(100, huge, 0,
                huge.length), pair.out()), "65535 bytes at most");
        assertEquals(1, pair.out().counters().sequence());
    }

    @Test
    void sequenceNumbersUsedUp() {
        TestRegistry registry = TestRegistry.withAll();
        AhTransform ah = new AhTransform(registry, AhOptions.DEFAULTS);
        SaEntry spent = new PresetSequenceSa(new SaTable().add(sa("hmac-sha1", 20)), 0) {
            @Override
            public long nextSequence() {
                return -1;
            }
        };
        assertEquals(Verdict.SEQUENCE_OVERFLOW, ah.output(Fixtures.buffer(plain()), spent));
        // GMAC's IV is the sequence number: once it cycled to 0, never again
        SaEntry gmac = new SaTable().add(Fixtures.ah(Fixtures.A4, Fixtures.B4, "aes-gmac", Fixtures.key(20, 1),
                IpsecMode.TRANSPORT, false).build());
        SaEntry cycled = new PresetSequenceSa(gmac, 0);
        assertEquals(Verdict.SEQUENCE_OVERFLOW, ah.output(Fixtures.buffer(plain()), cycled));
        assertEquals(Verdict.SEQUENCE_OVERFLOW, ah.output(Fixtures.buffer(plain()), cycled), "and stays so");
        // an HMAC SA that cycles goes on (its replay window is off, as setkey's -r 0 makes it)
        SaEntry hmacCycled = new PresetSequenceSa(new SaTable().add(sa("hmac-sha1", 20)), 0);
        assertEquals(Verdict.OK, ah.output(Fixtures.buffer(plain()), hmacCycled));
    }

    @Test
    void manyThreadsOnOneSa() throws Exception {
        TestRegistry registry = TestRegistry.withAll();
        SecurityAssociation cfg = Fixtures.ah(Fixtures.A4, Fixtures.B4, "hmac-sha256", Fixtures.key(32, 2),
                IpsecMode.TRANSPORT, false).replayWindowBytes(0).build();
        Fixtures.Pair pair = Fixtures.Pair.of(registry, cfg);
        int threads = 4;
        int each = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < each; i++) {
                        if (roundTrip(pair) == Verdict.OK) ok++;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(each, f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdown();
        }
        assertEquals((long) threads * each, pair.out().counters().packets());
        assertEquals((long) threads * each, pair.in().counters().packets());
        assertEquals((long) threads * each, pair.out().counters().sequence());
    }

    @Test
    void theConfigurationAppliesToTheNextPacket() {
        TestRegistry registry = TestRegistry.withAll();
        AhTransform ah = new AhTransform(registry, config(false, 64, 64));
        SaEntry sa = new SaTable().add(Fixtures.ah(Fixtures.A4, Fixtures.B4, "hmac-sha256", Fixtures.key(32, 2),
                IpsecMode.TUNNEL, false).build());
        byte[] plain = plain();
        PacketBuffer pkt = Fixtures.buffer(plain);
        assertEquals(Verdict.OK, ah.output(pkt, sa));
        assertEquals(plain.length + 20 + 28, pkt.length());
        assertEquals(64, pkt.array()[pkt.start() + 8]);
        ah.modified(config(true, 17, 64));
        assertTrue(ah.options().align64Ipv4());
        pkt = Fixtures.buffer(plain);
        assertEquals(Verdict.OK, ah.output(pkt, sa));
        assertEquals(plain.length + 20 + 32, pkt.length());
        assertEquals(17, pkt.array()[pkt.start() + 8], "TTL");
        ah.setOptions(AhOptions.DEFAULTS);
        assertFalse(ah.options().align64Ipv4());
        assertNotEquals(AhOptions.DEFAULTS, ah.options().withAlign64Ipv4(true));
    }

    private static AhTransform.Config config(boolean align64, int ttl, int hopLimit) {
        return new AhTransform.Config() {
            @Override public Class<? extends Annotation> annotationType() { return AhTransform.Config.class; }
            @Override public boolean net_inet_ipsec_ah__align64() { return align64; }
            @Override public int ttl() { return ttl; }
            @Override public int hopLimit() { return hopLimit; }
        };
    }
}
