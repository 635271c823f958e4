package org.ipsec4j.setkey.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.KeySizes;
import org.ipsec4j.api.crypto.StandardAlgorithms;
import org.ipsec4j.setkey.SetkeyAlgorithms;
import org.ipsec4j.setkey.SetkeyAlgorithms.Algorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The algorithm table the parser checks against. */
class SetkeyAlgorithmsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "des-cbc | ENCRYPTION | 64 | 64 | 1",
            "3des-cbc | ENCRYPTION | 192 | 192 | 1",
            "null | ENCRYPTION | 0 | 0 | 1",
            "blowfish-cbc | ENCRYPTION | 40 | 448 | 8",
            "cast128-cbc | ENCRYPTION | 40 | 128 | 8",
            "des-deriv | ENCRYPTION | 64 | 64 | 1",
            "des-32iv | ENCRYPTION | 64 | 64 | 1",
            "aes-cbc | ENCRYPTION | 128 | 256 | 64",
            "twofish-cbc | ENCRYPTION | 128 | 256 | 64",
            "aes-ctr | ENCRYPTION | 160 | 288 | 64",
            "camellia-cbc | ENCRYPTION | 128 | 256 | 64",
            "aes-gcm-16 | AEAD | 160 | 288 | 64",
            "aes-gcm-12 | AEAD | 160 | 288 | 64",
            "aes-gcm-8 | AEAD | 160 | 288 | 64",
            "aes-gmac | AEAD | 160 | 288 | 64",
            "chacha20-poly1305 | AEAD | 288 | 288 | 1"})
    void encryptionTable(String name, AlgorithmKind kind, int min, int max, int step) {
        Algorithm a = SetkeyAlgorithms.encryption(name).orElseThrow();
        assertEquals(name, a.name());
        assertEquals(kind, a.kind());
        assertEquals(new KeySizes(min, max, step), a.keySizes());
        assertEquals("-E", a.flag());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "hmac-md5 | 128 | 128 | 1", "hmac-sha1 | 160 | 160 | 1", "keyed-md5 | 128 | 128 | 1",
            "keyed-sha1 | 160 | 160 | 1", "hmac-sha256 | 256 | 256 | 1", "hmac-sha256-96 | 256 | 256 | 1",
            "hmac-sha384 | 384 | 384 | 1",
            "hmac-sha512 | 512 | 512 | 1", "hmac-ripemd160 | 160 | 160 | 1", "aes-xcbc-mac | 128 | 128 | 1",
            "aes-cmac | 128 | 128 | 1", "tcp-md5 | 8 | 640 | 8", "null | 0 | 0 | 1"})
    void integrityTable(String name, int min, int max, int step) {
        Algorithm a = SetkeyAlgorithms.integrity(name).orElseThrow();
        assertEquals(AlgorithmKind.INTEGRITY, a.kind());
        assertEquals(new KeySizes(min, max, step), a.keySizes());
        assertEquals("-A", a.flag());
    }

    @Test
    void compressionTable() {
        assertEquals(List.of("deflate", "lzs", "oui"),
                SetkeyAlgorithms.ofKind(AlgorithmKind.COMPRESSION).stream().map(Algorithm::name).toList());
        for (Algorithm a : SetkeyAlgorithms.ofKind(AlgorithmKind.COMPRESSION)) {
            assertFalse(a.takesKey());
            assertEquals("-C", a.flag());
        }
    }

    @Test
    void aliases() {
        assertEquals("aes-cbc", SetkeyAlgorithms.encryption("rijndael-cbc").orElseThrow().name());
        assertEquals("null", SetkeyAlgorithms.encryption("simple").orElseThrow().name());
        assertEquals("hmac-sha256", SetkeyAlgorithms.integrity("hmac-sha2-256").orElseThrow().name());
        assertEquals("hmac-sha384", SetkeyAlgorithms.integrity("hmac-sha2-384").orElseThrow().name());
        assertEquals("hmac-sha512", SetkeyAlgorithms.integrity("hmac-sha2-512").orElseThrow().name());
        assertTrue(SetkeyAlgorithms.encryption("aes-cbc").orElseThrow().answersTo("rijndael-cbc"));
    }

    @Test
    void lookupsAreByKind() {
        assertEquals(Optional.empty(), SetkeyAlgorithms.encryption("hmac-sha1"));
        assertEquals(Optional.empty(), SetkeyAlgorithms.integrity("aes-cbc"));
        assertEquals(Optional.empty(), SetkeyAlgorithms.compression("null"));
        assertEquals(AlgorithmKind.ENCRYPTION, SetkeyAlgorithms.encryption("null").orElseThrow().kind());
        assertEquals(AlgorithmKind.INTEGRITY, SetkeyAlgorithms.integrity("null").orElseThrow().kind());
        assertEquals(Optional.empty(), SetkeyAlgorithms.find("deflate", AlgorithmKind.ENCRYPTION));
        assertEquals(Optional.empty(), SetkeyAlgorithms.encryption("AES-CBC"));
    }

    @Test
    void namesAreUniquePerFlag() {
        Set<String> e = new HashSet<>();
        Set<String> a = new HashSet<>();
        for (Algorithm x : SetkeyAlgorithms.all()) {
            Set<String> seen = x.flag().equals("-A") ? a : e;
            assertTrue(seen.add(x.name()), x.name());
            for (String alias : x.aliases()) {
                assertTrue(seen.add(alias), alias);
            }
        }
        assertEquals(32, SetkeyAlgorithms.all().size());
    }

    @Test
    void standardAlgorithmsAreTheTableAndSetkeyAddsOnlyWhatNoProviderImplements() {
        for (AlgorithmDescriptor d : StandardAlgorithms.all()) {
            Algorithm a = SetkeyAlgorithms.find(d.name(), d.kind()).orElseThrow(() -> new AssertionError(d.name()));
            assertEquals(new Algorithm(d.name(), d.aliases(), d.kind(), d.keySizes()), a);
        }
        List<String> setkeyOnly = SetkeyAlgorithms.all().stream()
                .filter(a -> StandardAlgorithms.find(a.kind(), a.name()).isEmpty()).map(Algorithm::name).toList();
        assertEquals(List.of("tcp-md5", "lzs", "oui"), setkeyOnly);
        assertEquals(StandardAlgorithms.all().size() + 3, SetkeyAlgorithms.all().size());
    }

    @Test
    void describedKeySizesForMessages() {
        assertEquals("160, 224 or 288 bits", SetkeyAlgorithms.encryption("aes-gcm-16").orElseThrow().keySizes()
                .describe());
        assertEquals("40 to 448 bits in steps of 8", SetkeyAlgorithms.encryption("blowfish-cbc").orElseThrow()
                .keySizes().describe());
        assertEquals("deflate, lzs, oui", SetkeyAlgorithms.names(AlgorithmKind.COMPRESSION));
        assertTrue(SetkeyAlgorithms.names(AlgorithmKind.ENCRYPTION, AlgorithmKind.AEAD)
                .startsWith("des-cbc, 3des-cbc, null, blowfish-cbc"));
    }
}
