package org.ipsec4j.ipcomp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6Header;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.cipher.jce.JceProviders;

/** Addresses, SAs, packets and an algorithm registry for the IPComp tests. */
final class Fixtures {
    static final InetAddress A4 = ip("192.0.2.1");
    static final InetAddress B4 = ip("198.51.100.2");
    static final InetAddress A6 = ip("2001:db8::1");
    static final InetAddress B6 = ip("2001:db8::2");
    static final int HEADROOM = 128;
    static final int CAPACITY = 4096;
    static final int CPI = 0x4321;

    private Fixtures() {
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static SecurityAssociation.Builder ipcomp(InetAddress src, InetAddress dst, IpsecMode mode) {
        return SecurityAssociation.builder(src, dst, SaProtocol.IPCOMP, CPI)
                .compression(new AlgorithmKey("deflate", new byte[0])).mode(mode);
    }

    static PacketBuffer buffer(byte[] packet) {
        return new PacketBuffer(CAPACITY, HEADROOM).set(HEADROOM, packet, 0, packet.length);
    }

    /** {@code n} bytes of text that deflate shrinks well. */
    static byte[] text(int n) {
        byte[] words = "the quick brown fox jumps over the lazy dog, IPsec in userspace; ".getBytes();
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = words[(i * 7 / 5) % words.length];
        }
        return b;
    }

    /** {@code n} bytes that do not compress (a fixed pseudo-random sequence). */
    static byte[] noise(int n) {
        byte[] b = new byte[n];
        new java.util.Random(n).nextBytes(b);
        return b;
    }

    static byte[] ipv4(InetAddress src, InetAddress dst, int protocol, byte[] payload) {
        byte[] p = new byte[20 + payload.length];
        Ipv4Header ip = new Ipv4Header().bind(p, 0).setHeaderLength(20).setTos(0x29).setTotalLength(p.length)
                .setIdentification(0x1234).setUnfragmented(true).setTtl(64).setProtocol(protocol);
        System.arraycopy(src.getAddress(), 0, p, ip.sourceOffset(), 4);
        System.arraycopy(dst.getAddress(), 0, p, ip.destinationOffset(), 4);
        ip.fillChecksum();
        System.arraycopy(payload, 0, p, 20, payload.length);
        return p;
    }

    static byte[] ipv6(InetAddress src, InetAddress dst, int nextHeader, byte[] rest) {
        byte[] p = new byte[40 + rest.length];
        new Ipv6Header().bind(p, 0).setVersionClassFlow(0x29, 0x12345).setPayloadLength(rest.length)
                .setNextHeader(nextHeader).setHopLimit(64);
        System.arraycopy(src.getAddress(), 0, p, 8, 16);
        System.arraycopy(dst.getAddress(), 0, p, 24, 16);
        System.arraycopy(rest, 0, p, 40, rest.length);
        return p;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** An {@link AlgorithmRegistry} over the cipher-jce bundle's providers, which a test may change. */
    static final class Registry implements AlgorithmRegistry {
        private final Map<String, AlgorithmProvider> byName = new ConcurrentHashMap<>();
        private final AtomicLong generation = new AtomicLong(1);

        Registry() {
            JceProviders.all().forEach(this::put);
        }

        Registry put(AlgorithmProvider p) {
            byName.put(p.descriptor().kind() + "/" + p.descriptor().name(), p);
            generation.incrementAndGet();
            return this;
        }

        AlgorithmProvider remove(AlgorithmKind kind, String name) {
            generation.incrementAndGet();
            return byName.remove(kind + "/" + name);
        }

        @Override
        public Optional<AlgorithmProvider> find(AlgorithmKind kind, String name) {
            return byName.values().stream()
                    .filter(p -> p.descriptor().kind() == kind && p.descriptor().answersTo(name)).findFirst();
        }

        @Override
        public List<AlgorithmProvider> all() {
            return List.copyOf(byName.values());
        }

        @Override
        public long generation() {
            return generation.get();
        }
    }
}
