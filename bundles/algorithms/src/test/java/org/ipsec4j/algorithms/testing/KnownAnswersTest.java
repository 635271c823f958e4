package org.ipsec4j.algorithms.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.ipsec4j.algorithms.testing.KnownAnswers.MacVector;
import org.junit.jupiter.api.Test;

/** The vector files are read and mapped as the provider tests expect. */
class KnownAnswersTest {
    @Test
    void countsPerAlgorithm() {
        assertEquals(6, KnownAnswers.count("aes-cbc"));
        assertEquals(9, KnownAnswers.count("aes-ctr"));
        assertEquals(4, KnownAnswers.count("des-cbc"), "two CBC and two single-block ECB vectors");
        assertEquals(3, KnownAnswers.count("aes-gcm-8"));
        assertEquals(0, KnownAnswers.count("aes-ccm-16"));
        assertEquals(7, KnownAnswers.count("hmac-ripemd160"));
        assertEquals(10, KnownAnswers.count("hmac-sha256-96"), "RFC 4231's seven and RFC 4868's three");
        assertEquals(5, KnownAnswers.count("aes-gmac"));
        assertTrue(KnownAnswers.count("aes-xcbc-mac") >= 10);
        assertEquals(0, KnownAnswers.macs().stream().filter(v -> v.algorithm().startsWith("aes-")
                && v.key().length != 16).count(), "PRF vectors with other key sizes are left out");
    }

    @Test
    void signerVectorsCarryOnlyTheMeaningfulBytes() {
        MacVector s4 = KnownAnswers.macs().stream().filter(v -> v.name().equals("sha1_hmac_s4")).findFirst()
                .orElseThrow();
        assertEquals(12, s4.mac().length);
        MacVector tc1 = KnownAnswers.macs().stream().filter(v -> v.name().equals("rfc4231_1")
                && v.algorithm().equals("hmac-sha256")).findFirst().orElseThrow();
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                HexFormat.of().formatHex(tc1.mac()));
    }

    @Test
    void linuxHmacSha256IsRfc4231AndRfc4868Truncated() {
        MacVector tc1 = KnownAnswers.macs().stream().filter(v -> v.name().equals("rfc4231_1")
                && v.algorithm().equals("hmac-sha256-96")).findFirst().orElseThrow();
        assertEquals("b0344c61d8db38535ca8afce", HexFormat.of().formatHex(tc1.mac()));
        MacVector s1 = KnownAnswers.macs().stream().filter(v -> v.name().equals("sha256_hmac_s1")
                && v.algorithm().equals("hmac-sha256-96")).findFirst().orElseThrow();
        assertEquals(32, s1.key().length, "a key setkey takes: the provider's own key check applies");
        assertEquals("198a607eb44bfbc69903a0f1", HexFormat.of().formatHex(s1.mac()));
    }
}
