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
}
