package org.ipsec4j.cipher.bc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import java.util.TreeMap;
import org.ipsec4j.algorithms.support.OfferedAlgorithm;
import org.ipsec4j.algorithms.testing.PacketAllocation;
import org.junit.jupiter.api.Test;

/**
 * The contexts written over Bouncy Castle's engines and MACs allocate nothing per packet. Left out: camellia-cbc (the
 * engine allocates per block), aes-cmac (per incomplete last block) and the AEAD ciphers (per init).
 */
class BcAllocationTest {
    private static final Set<String> ALLOCATING_INSIDE_BC = Set.of("camellia-cbc", "aes-cmac", "aes-gcm-16",
            "aes-gcm-12", "aes-gcm-8", "aes-gmac", "chacha20-poly1305");

    @Test
    void blockModesAndMacsAllocateNothingPerPacket() {
        TreeMap<String, Long> allocating = new TreeMap<>();
        for (OfferedAlgorithm a : BcAlgorithms.all()) {
            if (!ALLOCATING_INSIDE_BC.contains(a.descriptor().name())) {
                long bytes = PacketAllocation.perPacket(a);
                assumeTrue(bytes >= 0, "this JVM does not count allocations");
                if (bytes >= PacketAllocation.NONE) {
                    allocating.put(a.descriptor().name() + "/" + a.descriptor().kind(), bytes);
                }
            }
        }
        assertEquals(new TreeMap<>(), allocating);
    }

    /**
     * The AEAD contexts allocate only what Bouncy Castle does per {@code init} (its parameters and, for GCM, its
     * counter state: 300 to 600 bytes for each seal and open), never a copy of the packet: in place, Bouncy Castle
     * copies overlapping input to a new array, which the contexts' scratch array avoids (before it: 1.4 KB more for
     * each seal and each open of a 1400-byte packet).
     */
    @Test
    void aeadContextsDoNotCopyThePacket() {
        TreeMap<String, Long> copying = new TreeMap<>();
        for (OfferedAlgorithm a : BcAlgorithms.all()) {
            String name = a.descriptor().name();
            if (name.startsWith("aes-gcm") || name.equals("chacha20-poly1305")) {
                long bytes = PacketAllocation.perPacket(a);
                assumeTrue(bytes >= 0, "this JVM does not count allocations");
                if (bytes >= 1400) { // a seal and an open; one copy of the packet alone is 1400 bytes
                    copying.put(name, bytes);
                }
            }
        }
        assertEquals(new TreeMap<>(), copying);
    }
}
