package org.ipsec4j.ah;

import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6ExtensionHeaders;
import org.ipsec4j.api.packet.Ipv6Header;

/**
 * What one data-path thread reuses for every packet: its slot number (its index in each SA's bound contexts), header
 * views, and scratch: the headers in front of AH as the ICV sees them ({@link IcvPrefix}), the received ICV, the ESN
 * high half, and for AES-GMAC the part of the packet behind the IV. The two growable arrays grow (rarely: only for
 * long IPv6 extension header chains, and for AES-GMAC up to the largest packet) and never shrink. Made once per
 * thread, on its first packet.
 */
final class AhThreadState {
    /** Longest ICV of any algorithm (HMAC-SHA-512's 256 bits), with room to spare. */
    private static final int MAX_ICV = 64;

    /** This thread's index into {@link AhSaState}. */
    int slot;
    final Ipv4Header ip4 = new Ipv4Header();
    final Ipv6Header ip6 = new Ipv6Header();
    final Ipv4Header inner4 = new Ipv4Header();
    final Ipv6Header inner6 = new Ipv6Header();
    final Ipv6ExtensionHeaders ext = new Ipv6ExtensionHeaders();
    /** The ICV a packet arrived with, kept while its field is zeroed for the computation. */
    final byte[] icv = new byte[MAX_ICV];
    /** The sequence number's high half, appended to the ICV input with ESN (RFC 4302 appendix B). */
    final byte[] esnHigh = new byte[4];
    /** 16 bytes for an IPv6 address being moved. */
    final byte[] address = new byte[16];
    private byte[] prefix = new byte[256];
    private byte[] tail = new byte[0];

    /** The ICV-prefix scratch, at least {@code n} bytes; growing keeps what it holds. */
    byte[] prefix(int n) {
        if (prefix.length < n) {
            prefix = java.util.Arrays.copyOf(prefix, Math.max(n, 2 * prefix.length));
        }
        return prefix;
    }

    /** The GMAC tail scratch, at least {@code n} bytes. */
    byte[] tail(int n) {
        if (tail.length < n) {
            tail = new byte[Math.max(n, Math.max(2048, 2 * tail.length))];
        }
        return tail;
    }
}
