package org.ipsec4j.esp;

import java.security.SecureRandom;
import org.ipsec4j.api.packet.EspHeader;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6ExtensionHeaders;
import org.ipsec4j.api.packet.Ipv6Header;

/**
 * What one data-path thread reuses for every packet: its slot number (its index in each SA's bound contexts), header
 * views, scratch for the AAD and the ESN high half, and its random generator. Made once per thread, on its first
 * packet.
 */
final class EspThreadState {
    /** The thread this state belongs to (final: another thread that reads it through a race sees it right). */
    final Thread owner = Thread.currentThread();
    /** This thread's index into {@link EspSaState}; written by its owner before the owner first uses it. */
    int slot;
    final Ipv4Header ip4 = new Ipv4Header();
    final Ipv6Header ip6 = new Ipv6Header();
    final Ipv4Header inner4 = new Ipv4Header();
    final Ipv6Header inner6 = new Ipv6Header();
    final Ipv6ExtensionHeaders ext = new Ipv6ExtensionHeaders();
    final EspHeader esp = new EspHeader();
    /** SPI, sequence high half, sequence low half: the 12-byte AAD of AEAD with ESN (RFC 4106 section 5). */
    final byte[] aad = new byte[12];
    /** The sequence number's high half, appended to the ICV input with ESN (RFC 4303 section 2.2.1). */
    final byte[] esnHigh = new byte[4];
    final ChaCha20Random random;

    EspThreadState(SecureRandom seeds) {
        this.random = new ChaCha20Random(seeds);
    }
}
