package org.ipsec4j.cipher.jce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import java.util.TreeMap;
import org.ipsec4j.algorithms.support.OfferedAlgorithm;
import org.ipsec4j.algorithms.testing.PacketAllocation;
import org.junit.jupiter.api.Test;

/**
 * The contexts whose JCE calls allocate nothing do not allocate either: CBC keyed once (the IV XORed in, output through
 * the scratch array) and null. The others allocate inside the JDK, per init or per doFinal (CTR, GCM, GMAC,
 * ChaCha20-Poly1305, HMAC's digest arrays), which this bundle cannot avoid.
 */
class JceAllocationTest {
    private static final Set<String> ALLOCATION_FREE = Set.of("des-cbc", "3des-cbc", "blowfish-cbc", "aes-cbc",
            "null");

    @Test
    void cbcAndNullAllocateNothingPerPacket() {
        TreeMap<String, Long> allocating = new TreeMap<>();
        for (OfferedAlgorithm a : JceAlgorithms.available()) {
            if (ALLOCATION_FREE.contains(a.descriptor().name())) {
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
