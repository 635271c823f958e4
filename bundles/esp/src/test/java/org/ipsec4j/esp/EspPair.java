package org.ipsec4j.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.function.UnaryOperator;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.sad.SaTable;

/**
 * Two ends of one SA: a sender with its SAD and ESP, a receiver with its own, both holding the same configuration (as
 * two hosts given the same setkey file would).
 */
final class EspPair {
    final TestRegistry registry;
    final EspTransform sender;
    final EspTransform receiver;
    final SaTable senderSad = new SaTable();
    final SaTable receiverSad = new SaTable();
    final SaEntry out;
    final SaEntry in;

    EspPair(TestRegistry registry, SecurityAssociation sa) {
        this.registry = registry;
        this.sender = new EspTransform(registry);
        this.receiver = new EspTransform(registry);
        this.out = senderSad.add(sa);
        this.in = receiverSad.add(sa);
    }

    /** An SA from {@code src} to {@code dst} with {@code enc} and/or {@code auth} (null for none), keys of their minimum size. */
    static SecurityAssociation.Builder sa(TestRegistry registry, InetAddress src, InetAddress dst, String enc,
            String auth, IpsecMode mode) {
        SecurityAssociation.Builder b = TestSas.esp(src, dst, 0x10000 + (enc + auth).hashCode() % 1000).mode(mode)
                .replayWindowBytes(32);
        if (enc != null) {
            b.encryption(key(registry, enc, 1));
        }
        if (auth != null) {
            b.authentication(key(registry, auth, 2));
        }
        return b;
    }

    static AlgorithmKey key(TestRegistry registry, String name, int seed) {
        AlgorithmProvider p = registry.find(AlgorithmKind.AEAD, name)
                .or(() -> registry.find(AlgorithmKind.ENCRYPTION, name))
                .or(() -> registry.find(AlgorithmKind.INTEGRITY, name)).orElseThrow();
        return TestSas.key(name, p.descriptor().keySizes().minBits(), seed);
    }

    static EspPair of(TestRegistry registry, SecurityAssociation.Builder b, UnaryOperator<SecurityAssociation.Builder> f) {
        return new EspPair(registry, f.apply(b).build());
    }

    static void assertSameCounters(long packets, long bytes, SaEntry sa) {
        assertEquals(packets, sa.counters().packets(), "packets");
        assertEquals(bytes, sa.counters().bytes(), "bytes");
    }
}
