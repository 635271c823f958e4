package org.ipsec4j.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChaCha20RandomTest {
    @Test
    void blockFunctionMatchesRfc8439Section2_3_2() {
        int[] key = new int[8];
        for (int i = 0; i < 8; i++) {
            key[i] = (4 * i) | ((4 * i + 1) << 8) | ((4 * i + 2) << 16) | ((4 * i + 3) << 24);
        }
        int[] nonce = {0x09000000, 0x4a000000, 0};
        byte[] out = new byte[64];
        ChaCha20Random.block(key, 1, nonce, new int[16], out, 0);
        assertEquals("10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
                + "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e", TestSas.hex(out));
    }

    @Test
    void outputIsFreshAcrossRefillsAndGenerators() {
        ChaCha20Random a = new ChaCha20Random(new SecureRandom());
        ChaCha20Random b = new ChaCha20Random(new SecureRandom());
        Set<String> seen = new HashSet<>();
        byte[] iv = new byte[16];
        for (int i = 0; i < 5000; i++) {
            a.nextBytes(iv, 0, 16);
            assertTrue(seen.add(TestSas.hex(iv)));
            b.nextBytes(iv, 0, 16);
            assertTrue(seen.add(TestSas.hex(iv)));
        }
        byte[] odd = new byte[1000];
        a.nextBytes(odd, 3, 997);
        assertEquals(0, odd[0] | odd[1] | odd[2], "only the asked range is written");
        assertNotEquals(0, odd[3] | odd[500] | odd[999]);
    }
}
