package org.ipsec4j.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.packet.EspHeader;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6Header;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.Test;

/** Binding algorithms to SAs: hot-swapped providers, missing ones, SA updates and deaths, modes, many threads. */
class EspBindingTest {
    private static byte[] plain() {
        return Packets.ipv4(TestSas.A4, TestSas.B4, IpProtocol.UDP, Packets.payload(50));
    }

    private static Verdict roundTrip(EspPair pair) {
        PacketBuffer pkt = Packets.buffer(plain());
        Verdict v = pair.sender.output(pkt, pair.out);
        return v != Verdict.OK ? v : pair.receiver.input(pkt, pair.in);
    }

    /** A provider that counts the contexts it makes. */
    static final class Counting implements AlgorithmProvider {
        final AlgorithmProvider real;
        final AtomicInteger made = new AtomicInteger();

        Counting(AlgorithmProvider real) {
            this.real = real;
        }

        @Override public AlgorithmDescriptor descriptor() { return real.descriptor(); }
        @Override public String providerName() { return "counting"; }

        @Override
        public AlgorithmContext newContext(byte[] key) {
            made.incrementAndGet();
            return real.newContext(key);
        }
    }

    @Test
    void providersComeAndGoUnderALiveSa() {
        TestRegistry registry = TestRegistry.withJce();
        AlgorithmProvider cbc = registry.get(AlgorithmKind.ENCRYPTION, "aes-cbc");
        EspPair pair = EspPair.of(registry, EspPair.sa(registry, TestSas.A4, TestSas.B4, "aes-cbc", "hmac-sha1",
                IpsecMode.TRANSPORT), b -> b);
        for (int i = 0; i < 3; i++) {
            assertEquals(Verdict.OK, roundTrip(pair));
        }
        registry.remove(AlgorithmKind.ENCRYPTION, "aes-cbc");
        assertEquals(Verdict.NO_ALGORITHM, pair.sender.output(Packets.buffer(plain()), pair.out));
        assertEquals(Verdict.NO_ALGORITHM, pair.sender.output(Packets.buffer(plain()), pair.out));
        Counting replacement = new Counting(cbc);
        registry.put(replacement);
        assertEquals(Verdict.OK, roundTrip(pair), "bound again to the new provider");
        assertEquals(2, replacement.made.get(), "one context on each side");
        assertEquals(4, pair.out.counters().packets());
        assertEquals(4, pair.in.counters().packets());
        assertEquals(4, pair.in.counters().sequence(), "the sequence number went on: 1, 2, 3, then 4");
        assertEquals(Map.of(Verdict.NO_ALGORITHM, 2L), pair.out.counters().drops());
    }

    @Test
    void aRegistryChangeElsewhereKeepsTheContexts() {
        TestRegistry registry = TestRegistry.withJce();
        Counting gcm = new Counting(registry.get(AlgorithmKind.AEAD, "aes-gcm-16"));
        registry.put(gcm);
        EspPair pair = EspPair.of(registry, EspPair.sa(registry, TestSas.A4, TestSas.B4, "aes-gcm-16", null,
                IpsecMode.TRANSPORT), b -> b);
        assertEquals(Verdict.OK, roundTrip(pair));
        registry.remove(AlgorithmKind.ENCRYPTION, "blowfish-cbc");
        registry.put(TestRegistry.jceProviders().get(0));
        for (int i = 0; i < 5; i++) {
            assertEquals(Verdict.OK, roundTrip(pair));
        }
        assertEquals(2, gcm.made.get());
    }

    @Test
    void anAlgorithmNobodyOffersIsCountedAsNoAlgorithm() {
        TestRegistry registry = TestRegistry.withJce();
        SecurityAssociation sa = TestSas.esp(TestSas.A4, TestSas.B4, 0x999).mode(IpsecMode.TRANSPORT)
                .encryption(TestSas.key("camellia-cbc", 128, 1)).authentication(TestSas.key("hmac-sha1", 160, 2))
                .build();
        EspPair pair = new EspPair(registry, sa);
        assertEquals(Verdict.NO_ALGORITHM, pair.sender.output(Packets.buffer(plain()), pair.out));
        assertEquals(Verdict.NO_ALGORITHM, pair.receiver.input(Packets.buffer(plain()), pair.in));
        assertEquals(Map.of(Verdict.NO_ALGORITHM, 1L), pair.out.counters().drops());
        assertEquals(Map.of(Verdict.NO_ALGORITHM, 1L), pair.in.counters().drops());
    }

    @Test
    void aKeyTheProviderRefusesIsNoAlgorithmAndUnusableConfigurationsAreBadState() {
        TestRegistry registry = TestRegistry.withJce();
        EspPair shortKey = new EspPair(registry, TestSas.esp(TestSas.A4, TestSas.B4, 0x998)
                .mode(IpsecMode.TRANSPORT).encryption(TestSas.key("aes-cbc", 120, 1)).build());
        assertEquals(Verdict.NO_ALGORITHM, shortKey.sender.output(Packets.buffer(plain()), shortKey.out));

        EspPair aeadAndMac = new EspPair(registry, TestSas.esp(TestSas.A4, TestSas.B4, 0x997)
                .mode(IpsecMode.TRANSPORT).encryption(EspPair.key(registry, "aes-gcm-16", 1))
                .authentication(EspPair.key(registry, "hmac-sha1", 2)).build());
        assertEquals(Verdict.BAD_STATE, aeadAndMac.sender.output(Packets.buffer(plain()), aeadAndMac.out));

        EspPair nothing = new EspPair(registry, TestSas.esp(TestSas.A4, TestSas.B4, 0x996)
                .mode(IpsecMode.TRANSPORT).build());
        assertEquals(Verdict.BAD_STATE, nothing.sender.output(Packets.buffer(plain()), nothing.out));
        assertEquals(Map.of(Verdict.BAD_STATE, 1L), nothing.out.counters().drops());
    }

    @Test
    void anUpdateWithNewKeysBindsThem() {
        TestRegistry registry = TestRegistry.withJce();
        SecurityAssociation.Builder b = EspPair.sa(registry, TestSas.A4, TestSas.B4, "aes-cbc", "hmac-sha256",
                IpsecMode.TRANSPORT);
        EspPair pair = new EspPair(registry, b.build());
        assertEquals(Verdict.OK, roundTrip(pair));
        assertInstanceOf(EspSaState.class, pair.out.attachment());
        SecurityAssociation rekeyed = b.encryption(TestSas.key("aes-cbc", 256, 9))
                .authentication(TestSas.key("hmac-sha256", 256, 10)).build();
        pair.senderSad.update(rekeyed);
        assertEquals(Verdict.AUTH_FAILED, roundTrip(pair), "the sender uses the new keys, the receiver the old");
        pair.receiverSad.update(rekeyed);
        assertEquals(Verdict.OK, roundTrip(pair));
        assertEquals(3, pair.out.counters().packets(), "counters survive the update");
        assertEquals(3, pair.in.counters().sequence(), "so does the sequence number");
    }

    @Test
    void deadSasAreRefused() {
        TestRegistry registry = TestRegistry.withJce();
        EspPair pair = EspPair.of(registry, EspPair.sa(registry, TestSas.A4, TestSas.B4, "aes-cbc", "hmac-sha1",
                IpsecMode.TRANSPORT), b -> b);
        assertEquals(Verdict.OK, roundTrip(pair));
        pair.senderSad.delete(pair.out.id());
        assertEquals(Verdict.BAD_STATE, pair.sender.output(Packets.buffer(plain()), pair.out));
        assertEquals(Map.of(Verdict.BAD_STATE, 1L), pair.out.counters().drops());
    }

    @Test
    void anSaOfModeAnyServesBothModesAndADefiniteModeIsKept() {
        TestRegistry registry = TestRegistry.withJce();
        EspPair any = EspPair.of(registry, EspPair.sa(registry, TestSas.A4, TestSas.B4, "aes-gcm-16", null,
                IpsecMode.ANY), b -> b);
        byte[] plain = plain();
        PacketBuffer transport = Packets.buffer(plain);
        assertEquals(Verdict.OK, any.sender.output(transport, any.out));
        assertEquals(plain.length + 8 + 8 + 0 + 2 + 16, transport.length(), "transport: no outer header, no padding");
        PacketBuffer tunnel = Packets.buffer(plain);
        assertEquals(Verdict.OK, any.sender.output(tunnel, any.out, IpsecMode.TUNNEL));
        assertEquals(20 + plain.length + 8 + 8 + 0 + 2 + 16, tunnel.length(), "tunnel: an outer header");
        assertEquals(Verdict.OK, any.receiver.input(transport, any.in));
        assertEquals(TestSas.hex(plain), TestSas.hex(transport.toByteArray()));
        assertEquals(Verdict.OK, any.receiver.input(tunnel, any.in), "next header 4 on a mode-any SA: a tunnel");
        assertEquals(TestSas.hex(plain), TestSas.hex(tunnel.toByteArray()));

        EspPair tunnelOnly = EspPair.of(registry, EspPair.sa(registry, TestSas.A4, TestSas.B4, "aes-gcm-16", null,
                IpsecMode.TUNNEL), b -> b);
        assertEquals(Verdict.BAD_STATE, tunnelOnly.sender.output(Packets.buffer(plain), tunnelOnly.out,
                IpsecMode.TRANSPORT));
        assertEquals(Verdict.OK, tunnelOnly.sender.output(Packets.buffer(plain), tunnelOnly.out, IpsecMode.TUNNEL));
    }

    @Test
    void tunnelOuterHeaders() {
        TestRegistry registry = TestRegistry.withJce();
        EspPair v4 = EspPair.of(registry, EspPair.sa(registry, TestSas.A4, TestSas.B4, "aes-cbc", "hmac-sha1",
                IpsecMode.TUNNEL), b -> b);
        byte[] inner = plain();
        new Ipv4Header().bind(inner, 0).setTos(0xb9).setUnfragmented(true).fillChecksum(); // DSCP 46, ECT(1), DF
        PacketBuffer pkt = Packets.buffer(inner);
        assertEquals(Verdict.OK, v4.sender.output(pkt, v4.out));
        Ipv4Header outer = new Ipv4Header();
        assertEquals(Verdict.OK, outer.wrap(pkt));
        assertEquals(0xb9, outer.tos(), "DSCP and ECN copied");
        assertTrue(outer.dontFragment(), "DF copied");
        assertEquals(64, outer.ttl());
        assertTrue(outer.verifyChecksum());

        EspTransform clearing = new EspTransform(registry, new EspOptions(32, 50, EspOptions.DontFragment.CLEAR),
                null);
        PacketBuffer p2 = Packets.buffer(inner);
        assertEquals(Verdict.OK, clearing.output(p2, v4.out));
        assertEquals(Verdict.OK, outer.wrap(p2));
        assertEquals(32, outer.ttl());
        assertTrue(!outer.dontFragment());

        EspPair v6 = EspPair.of(registry, EspPair.sa(registry, TestSas.A6, TestSas.B6, "aes-cbc", "hmac-sha1",
                IpsecMode.TUNNEL), b -> b);
        PacketBuffer p3 = Packets.buffer(inner);
        assertEquals(Verdict.OK, clearing.output(p3, v6.out));
        Ipv6Header outer6 = new Ipv6Header();
        assertEquals(Verdict.OK, outer6.wrap(p3));
        assertEquals(0xb9, outer6.trafficClass());
        assertEquals(0, outer6.flowLabel());
        assertEquals(50, outer6.hopLimit());
        assertEquals(IpProtocol.ESP, outer6.nextHeader());
    }

    @Test
    void noRoomIsNoBufferSpaceAndConsumesNoSequenceNumber() {
        TestRegistry registry = TestRegistry.withJce();
        EspPair pair = EspPair.of(registry, EspPair.sa(registry, TestSas.A4, TestSas.B4, "aes-cbc", "hmac-sha1",
                IpsecMode.TRANSPORT), b -> b);
        byte[] plain = plain();
        PacketBuffer noHead = new PacketBuffer(plain.length + 100, 10).set(10, plain, 0, plain.length);
        assertEquals(Verdict.NO_BUFFER_SPACE, pair.sender.output(noHead, pair.out));
        PacketBuffer noTail = new PacketBuffer(plain.length + 100, 90).set(90, plain, 0, plain.length);
        assertEquals(Verdict.NO_BUFFER_SPACE, pair.sender.output(noTail, pair.out));
        PacketBuffer ok = Packets.buffer(plain);
        assertEquals(Verdict.OK, pair.sender.output(ok, pair.out));
        assertEquals(1, new EspHeader().bind(ok.array(), ok.start() + 20).sequence());
        assertEquals(Map.of(Verdict.NO_BUFFER_SPACE, 2L), pair.out.counters().drops());
    }

    @Test
    void sequenceOverflowAndCounterModeWrap() {
        TestRegistry registry = TestRegistry.withJce();
        EspPair cbc = EspPair.of(registry, EspPair.sa(registry, TestSas.A4, TestSas.B4, "aes-cbc", "hmac-sha1",
                IpsecMode.TRANSPORT), b -> b);
        SaEntry exhausted = new PresetSequenceSa(cbc.out, 0) {
            @Override public long nextSequence() { return -1; }
        };
        assertEquals(Verdict.SEQUENCE_OVERFLOW, cbc.sender.output(Packets.buffer(plain()), exhausted));

        // A cycling SA (-r 0) hands out 0 after 2^32 - 1: fine for CBC, the end for GCM, whose IV it would repeat.
        EspPair gcm = EspPair.of(registry, EspPair.sa(registry, TestSas.A4, TestSas.B4, "aes-gcm-16", null,
                IpsecMode.TRANSPORT), b -> b.replayWindowBytes(0));
        PresetSequenceSa wrapping = new PresetSequenceSa(gcm.out, 0xffffffffL);
        SaEntry cycled = new PresetSequenceSa(gcm.out, 0) {
            long next = 0xffffffffL;
            @Override public long nextSequence() { return next++ & 0xffffffffL; }
        };
        assertEquals(Verdict.OK, gcm.sender.output(Packets.buffer(plain()), cycled));
        assertEquals(Verdict.SEQUENCE_OVERFLOW, gcm.sender.output(Packets.buffer(plain()), cycled));
        assertEquals(Verdict.SEQUENCE_OVERFLOW, gcm.sender.output(Packets.buffer(plain()), cycled), "for good");
        assertEquals(Verdict.SEQUENCE_OVERFLOW, gcm.sender.output(Packets.buffer(plain()), wrapping));
        SaEntry cbcCycled = new PresetSequenceSa(cbc.out, 0) {
            long next = 0xffffffffL;
            @Override public long nextSequence() { return next++ & 0xffffffffL; }
        };
        assertEquals(Verdict.OK, cbc.sender.output(Packets.buffer(plain()), cbcCycled));
        assertEquals(Verdict.OK, cbc.sender.output(Packets.buffer(plain()), cbcCycled));
    }

    @Test
    void manyThreadsOnOneSa() throws Exception {
        TestRegistry registry = TestRegistry.withJce();
        EspPair pair = EspPair.of(registry, EspPair.sa(registry, TestSas.A4, TestSas.B4, "aes-gcm-16", null,
                IpsecMode.TUNNEL), b -> b.replayWindowBytes(4096));
        int threads = 6;
        int each = 400;
        List<byte[]> wires = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    for (int k = 0; k < each; k++) {
                        PacketBuffer pkt = Packets.buffer(plain());
                        Verdict v = pair.sender.output(pkt, pair.out);
                        if (v != Verdict.OK) throw new AssertionError(v);
                        wires.add(pkt.toByteArray());
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            t.start();
            ts.add(t);
        }
        go.countDown();
        for (Thread t : ts) t.join();
        assertEquals(List.of(), failures);
        EspSaState state = (EspSaState) pair.out.attachment();
        assertTrue(state.bound() <= threads, "at most one binding per thread: " + state.bound());
        Set<Integer> seqs = new HashSet<>();
        for (byte[] w : wires) {
            seqs.add(new EspHeader().bind(w, 20).sequence());
        }
        assertEquals(threads * each, seqs.size(), "every packet its own number");
        // the receiver decrypts them all in parallel, in whatever order
        List<Thread> rs = new ArrayList<>();
        AtomicInteger ok = new AtomicInteger();
        for (int i = 0; i < threads; i++) {
            int from = i;
            Thread t = new Thread(() -> {
                for (int k = from; k < wires.size(); k += threads) {
                    if (pair.receiver.input(Packets.buffer(wires.get(k)), pair.in) == Verdict.OK) ok.incrementAndGet();
                }
            });
            t.start();
            rs.add(t);
        }
        for (Thread t : rs) t.join();
        assertEquals(threads * each, ok.get());
        assertEquals(threads * each, pair.in.counters().packets());
    }

    @Test
    void threadSlotsAreRecycledWhenTheirOwnersAreCollected() throws Exception {
        ThreadSlots slots = new ThreadSlots();
        Object first = new Object();
        Object second = new Object();
        assertEquals(0, slots.acquire(first));
        assertEquals(1, slots.acquire(second));
        first = null;
        List<Object> owners = new ArrayList<>();
        int next = -1;
        for (int i = 0; i < 50 && next != 0; i++) {
            System.gc();
            Thread.sleep(20);
            Object o = new Object();
            owners.add(o);
            next = slots.acquire(o);
        }
        assertEquals(0, next, "slot 0 handed out again once its owner was collected");
        assertEquals(1 + owners.size(), slots.taken());
        java.lang.ref.Reference.reachabilityFence(second); // slot 1 stays taken throughout
    }
}
