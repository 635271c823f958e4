package org.ipsec4j.ah;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6Header;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.sad.SaTable;

/** Addresses (TEST-NET and the documentation prefix), keys, SAs and packets for the AH tests. */
final class Fixtures {
    static final InetAddress A4 = ip("192.0.2.1");
    static final InetAddress B4 = ip("198.51.100.2");
    static final InetAddress A6 = ip("2001:db8::1");
    static final InetAddress B6 = ip("2001:db8::2");
    static final int HEADROOM = 128;
    static final int CAPACITY = 4096;
    static final int SPI = 0x1000;

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

    /** A key of {@code bytes} bytes: deterministic, distinct per {@code seed}. */
    static byte[] key(int bytes, int seed) {
        byte[] k = new byte[bytes];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (seed * 31 + i + 1);
        }
        return k;
    }

    /** An AH SA (ah-old when {@code old}) with {@code alg} keyed by {@code key}, a 64-packet replay window. */
    static SecurityAssociation.Builder ah(InetAddress src, InetAddress dst, String alg, byte[] key, IpsecMode mode,
            boolean old) {
        return SecurityAssociation.builder(src, dst, old ? SaProtocol.AH_OLD : SaProtocol.AH, SPI)
                .authentication(new AlgorithmKey(alg, key)).mode(mode).replayWindowBytes(8);
    }

    /** A sender and a receiver, each with its own transform and SAD holding the same SA. */
    record Pair(AhTransform sender, AhTransform receiver, SaEntry out, SaEntry in) {
        static Pair of(TestRegistry registry, SecurityAssociation sa) {
            return of(registry, sa, AhOptions.DEFAULTS);
        }

        static Pair of(TestRegistry registry, SecurityAssociation sa, AhOptions options) {
            return new Pair(new AhTransform(registry, options), new AhTransform(registry, options),
                    new SaTable().add(sa), new SaTable().add(sa));
        }
    }

    static PacketBuffer buffer(byte[] packet) {
        return new PacketBuffer(CAPACITY, HEADROOM).set(HEADROOM, packet, 0, packet.length);
    }

    /** {@code n} bytes of payload: 3, 10, 17, ... */
    static byte[] payload(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    /** An IPv4 packet carrying {@code payload} as {@code protocol}, with {@code options} (a multiple of 4 bytes). */
    static byte[] ipv4(InetAddress src, InetAddress dst, int protocol, byte[] options, byte[] payload) {
        int hlen = 20 + options.length;
        byte[] p = new byte[hlen + payload.length];
        Ipv4Header ip = new Ipv4Header().bind(p, 0).setHeaderLength(hlen).setTos(0x28).setTotalLength(p.length)
                .setIdentification(0x1234).setUnfragmented(true).setTtl(64).setProtocol(protocol);
        System.arraycopy(src.getAddress(), 0, p, ip.sourceOffset(), 4);
        System.arraycopy(dst.getAddress(), 0, p, ip.destinationOffset(), 4);
        System.arraycopy(options, 0, p, 20, options.length);
        ip.fillChecksum();
        System.arraycopy(payload, 0, p, hlen, payload.length);
        return p;
    }

    static byte[] ipv4(InetAddress src, InetAddress dst, int protocol, byte[] payload) {
        return ipv4(src, dst, protocol, new byte[0], payload);
    }

    /** An IPv6 packet carrying {@code rest} (extension headers and payload), the first of which is {@code nextHeader}. */
    static byte[] ipv6(InetAddress src, InetAddress dst, int nextHeader, byte[] rest) {
        byte[] p = new byte[40 + rest.length];
        new Ipv6Header().bind(p, 0).setVersionClassFlow(0x28, 0x12345).setPayloadLength(rest.length)
                .setNextHeader(nextHeader).setHopLimit(64);
        System.arraycopy(src.getAddress(), 0, p, 8, 16);
        System.arraycopy(dst.getAddress(), 0, p, 24, 16);
        System.arraycopy(rest, 0, p, 40, rest.length);
        return p;
    }

    /** {@code a} followed by {@code b}. */
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
}
