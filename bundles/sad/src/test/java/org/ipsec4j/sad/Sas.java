package org.ipsec4j.sad;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;

/** Test SAs. */
final class Sas {
    private Sas() {
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static byte[] bytes(String s) {
        return ip(s).getAddress();
    }

    static SecurityAssociation.Builder esp(String src, String dst, int spi) {
        return SecurityAssociation.builder(ip(src), ip(dst), SaProtocol.ESP, spi)
                .encryption(new AlgorithmKey("aes-cbc", filled(16, 0x11)))
                .authentication(new AlgorithmKey("hmac-sha256", filled(32, 0x22)));
    }

    static SecurityAssociation.Builder of(SaProtocol p, String src, String dst, int spi) {
        return SecurityAssociation.builder(ip(src), ip(dst), p, spi);
    }

    static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}
