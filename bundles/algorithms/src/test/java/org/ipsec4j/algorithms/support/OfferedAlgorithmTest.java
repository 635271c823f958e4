package org.ipsec4j.algorithms.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.StandardAlgorithms;
import org.junit.jupiter.api.Test;

/** The key check every provider applies before its factory sees a key. */
class OfferedAlgorithmTest {
    private final AtomicInteger made = new AtomicInteger();

    private OfferedAlgorithm offered(AlgorithmDescriptor d) {
        return new OfferedAlgorithm(d, "test", 0, key -> {
            made.incrementAndGet();
            return new NullEncryptionContext();
        });
    }

    private String refusal(AlgorithmDescriptor d, byte[] key) {
        return assertThrows(IllegalArgumentException.class, () -> offered(d).newContext(key)).getMessage();
    }

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    @Test
    void theKameGuidesHogehogeKeyWorksForDesCbc() {
        byte[] hogehoge = "hogehoge".getBytes(StandardCharsets.US_ASCII);
        assertInstanceOf(NullEncryptionContext.class, offered(StandardAlgorithms.DES_CBC).newContext(hogehoge));
        assertEquals(1, made.get());
    }

    @Test
    void keyLengthsOutsideTheDescriptorAreRefusedBeforeTheFactoryRuns() {
        assertEquals("des-cbc: key of 72 bits, expected 64 bits", refusal(StandardAlgorithms.DES_CBC, new byte[9]));
        assertEquals("aes-cbc: key of 136 bits, expected 128, 192 or 256 bits",
                refusal(StandardAlgorithms.AES_CBC, new byte[17]));
        assertEquals("aes-gcm-16: key of 128 bits, expected 160, 224 or 288 bits",
                refusal(StandardAlgorithms.AES_GCM_16, new byte[16]));
        assertEquals("blowfish-cbc: key of 32 bits, expected 40 to 448 bits in steps of 8",
                refusal(StandardAlgorithms.BLOWFISH_CBC, new byte[4]));
        assertEquals("null: key of 8 bits, expected 0 bits", refusal(StandardAlgorithms.NULL_ENCRYPTION, new byte[1]));
        assertEquals("hmac-sha256: key of 160 bits, expected 256 bits",
                refusal(StandardAlgorithms.HMAC_SHA256, new byte[20]));
        assertEquals(0, made.get());
    }

    @Test
    void desWeakAndSemiWeakKeysAreRefusedWhateverTheirParity() {
        assertEquals("des-cbc: weak DES key", refusal(StandardAlgorithms.DES_CBC, hex("0101010101010101")));
        assertEquals("des-cbc: weak DES key", refusal(StandardAlgorithms.DES_CBC, hex("0000000000000000")));
        assertEquals("des-cbc: weak DES key", refusal(StandardAlgorithms.DES_CBC, hex("e0fee0fef1fef1fe")));
        assertEquals("des-cbc: weak DES key", refusal(StandardAlgorithms.DES_CBC, hex("e1ffe1fff0fff0ff")));
        assertEquals("des-32iv: weak DES key", refusal(StandardAlgorithms.DES_32IV, hex("1f1f1f1f0e0e0e0e")));
        assertEquals("des-deriv: weak DES key", refusal(StandardAlgorithms.DES_DERIV, hex("fefefefefefefefe")));
        assertEquals("3des-cbc: part 3 of the key is a weak DES key", refusal(StandardAlgorithms.TRIPLE_DES_CBC,
                hex("0123456789abcdef" + "23456789abcdef01" + "01fe01fe01fe01fe")));
        assertEquals(0, made.get());
    }

    @Test
    void ordinaryDesKeysPass() {
        assertFalse(StandardAlgorithms.isWeakDesKey(hex("0123456789abcdef"), 0));
        assertFalse(StandardAlgorithms.isWeakDesKey(hex("0101010101010102"), 0), "one key bit differs");
        assertTrue(StandardAlgorithms.isWeakDesKey(hex("aa0101010101010101"), 1));
        offered(StandardAlgorithms.TRIPLE_DES_CBC).newContext(hex("0123456789abcdef23456789abcdef01456789abcdef0123"));
        assertEquals(1, made.get());
    }
}
