package org.ipsec4j.algorithms.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.StandardAlgorithms;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {
    private static final List<AlgorithmDescriptor> OFFERED = List.of(StandardAlgorithms.AES_CBC,
            StandardAlgorithms.AES_GCM_16, StandardAlgorithms.HMAC_SHA256, StandardAlgorithms.NULL_ENCRYPTION,
            StandardAlgorithms.NULL_INTEGRITY);

    @Test
    void rankingsOverrideTheDefaultsWhateverTheNumberType() {
        ProviderSettings s = ProviderSettings.parse(Map.of("ranking.aes-cbc", 300, "ranking.aes-gcm-16", "  -7 ",
                "ranking.hmac-sha256", 42L, "service.pid", "org.ipsec4j.cipher.jce"), OFFERED);
        assertEquals(300, s.ranking("aes-cbc", 100));
        assertEquals(-7, s.ranking("aes-gcm-16", 100));
        assertEquals(42, s.ranking("hmac-sha256", 100));
        assertEquals(100, s.ranking("null", 100));
        assertEquals(List.of(), s.warnings());
    }

    @Test
    void aliasesNameTheirAlgorithm() {
        ProviderSettings s = ProviderSettings.parse(Map.of("ranking.rijndael-cbc", 5, "ranking.hmac-sha2-256", 6,
                "disabled", "simple"), OFFERED);
        assertEquals(5, s.ranking("aes-cbc", 100));
        assertEquals(6, s.ranking("hmac-sha256", 100));
        assertTrue(s.disabled("null"));
    }

    @Test
    void disabledAcceptsAStringListAnArrayOrACollection() {
        assertTrue(ProviderSettings.parse(Map.of("disabled", "aes-cbc, null"), OFFERED).disabled("null"));
        ProviderSettings array = ProviderSettings.parse(Map.of("disabled", new String[] {"aes-gcm-16"}), OFFERED);
        assertTrue(array.disabled("aes-gcm-16"));
        assertFalse(array.disabled("aes-cbc"));
        assertTrue(ProviderSettings.parse(Map.of("disabled", List.of("hmac-sha256")), OFFERED)
                .disabled("hmac-sha256"));
    }

    @Test
    void unknownNamesAndBadNumbersAreWarnedAboutAndIgnored() {
        ProviderSettings s = ProviderSettings.parse(Map.of("ranking.aes-gcm16", 1, "ranking.aes-cbc", "fast",
                "ranking.hmac-sha256", 1L << 40, "disabled", new String[] {"cast128-cbc", "aes-gcm-16"}), OFFERED);
        assertEquals(List.of("disabled: this provider offers no algorithm cast128-cbc",
                "ranking.aes-cbc: not an integer: fast",
                "ranking.aes-gcm16: this provider offers no algorithm aes-gcm16",
                "ranking.hmac-sha256: not an integer: 1099511627776"), s.warnings());
        assertEquals(100, s.ranking("aes-cbc", 100));
        assertTrue(s.disabled("aes-gcm-16"));
    }

    @Test
    void defaultsChangeNothing() {
        ProviderSettings s = ProviderSettings.defaults();
        assertEquals(12, s.ranking("aes-cbc", 12));
        assertFalse(s.disabled("aes-cbc"));
    }
}
