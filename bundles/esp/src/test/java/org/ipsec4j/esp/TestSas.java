package org.ipsec4j.esp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;

/** Addresses (TEST-NET and the documentation prefix), keys and SA builders for the tests. */
final class TestSas {
    static final InetAddress A4 = ip("192.0.2.1");
    static final InetAddress B4 = ip("198.51.100.2");
    static final InetAddress A6 = ip("2001:db8::1");
    static final InetAddress B6 = ip("2001:db8::2");

    private TestSas() {
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.startsWith("0x") ? s.substring(2) : s);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** A key of {@code bits} bits: 0x01, 0x02, ... (deterministic, distinct per algorithm by {@code seed}). */
    static AlgorithmKey key(String name, int bits, int seed) {
        byte[] k = new byte[bits / 8];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (seed * 31 + i + 1);
        }
        return new AlgorithmKey(name, k);
    }

    static SecurityAssociation.Builder esp(InetAddress src, InetAddress dst, int spi) {
        return SecurityAssociation.builder(src, dst, SaProtocol.ESP, spi);
    }
}
