package org.ipsec4j.algorithms;

import static org.ipsec4j.api.crypto.AlgorithmKind.AEAD;
import static org.ipsec4j.api.crypto.AlgorithmKind.ENCRYPTION;
import static org.ipsec4j.api.crypto.AlgorithmKind.INTEGRITY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.junit.jupiter.api.Test;

class RankedProvidersTest {
    private final RankedProviders table = new RankedProviders();
    private final FakeProvider aesJce = FakeProvider.of(ENCRYPTION, "aes-cbc", "jce", "rijndael-cbc");
    private final FakeProvider aesBc = FakeProvider.of(ENCRYPTION, "aes-cbc", "bc", "rijndael-cbc");

    @Test
    void emptyTableFindsNothing() {
        assertEquals(Optional.empty(), table.find(ENCRYPTION, "aes-cbc"));
        assertEquals(List.of(), table.all());
        assertEquals(0, table.generation());
    }

    @Test
    void highestRankingWinsWhateverTheOrderOfArrival() {
        table.add(aesBc, 10, 100);
        table.add(aesJce, 11, 200);
        assertSame(aesJce, table.find(ENCRYPTION, "aes-cbc").orElseThrow());

        RankedProviders other = new RankedProviders();
        other.add(aesJce, 11, 200);
        other.add(aesBc, 10, 100);
        assertSame(aesJce, other.find(ENCRYPTION, "aes-cbc").orElseThrow());
    }

    @Test
    void aFixedListIsARegistryWhereTheFirstListedWins() {
        FakeProvider gcm = FakeProvider.of(AEAD, "aes-gcm-16", "bc");
        AlgorithmRegistry registry = RankedProviders.of(List.of(aesBc, aesJce, gcm));
        assertSame(aesBc, registry.find(ENCRYPTION, "rijndael-cbc").orElseThrow());
        assertSame(gcm, registry.find(AEAD, "aes-gcm-16").orElseThrow());
        assertEquals(List.of(aesBc, aesJce, gcm), registry.all());
        assertEquals(3, registry.generation());
        assertSame(aesJce, RankedProviders.of(List.of(aesJce, aesBc)).find(ENCRYPTION, "aes-cbc").orElseThrow());
    }

    @Test
    void equalRankingPrefersTheLowestServiceId() {
        table.add(aesJce, 20, 0);
        table.add(aesBc, 7, 0);
        assertSame(aesBc, table.find(ENCRYPTION, "aes-cbc").orElseThrow());
        assertEquals(List.of(7L, 20L), table.candidates(ENCRYPTION, "aes-cbc").stream()
                .map(RankedProviders.Entry::serviceId).toList());
    }

    @Test
    void aliasesFindTheSameProviderAsTheCanonicalName() {
        table.add(aesBc, 1, 100);
        table.add(aesJce, 2, 200);
        assertSame(aesJce, table.find(ENCRYPTION, "rijndael-cbc").orElseThrow());
        table.remove(2);
        assertSame(aesBc, table.find(ENCRYPTION, "rijndael-cbc").orElseThrow());
    }

    @Test
    void kindSeparatesNamesThatAreAlike() {
        FakeProvider nullEnc = FakeProvider.of(ENCRYPTION, "null", "jce", "simple");
        FakeProvider nullAuth = FakeProvider.of(INTEGRITY, "null", "jce");
        table.add(nullEnc, 1, 0);
        table.add(nullAuth, 2, 0);
        assertSame(nullEnc, table.find(ENCRYPTION, "null").orElseThrow());
        assertSame(nullAuth, table.find(INTEGRITY, "null").orElseThrow());
        assertEquals(Optional.empty(), table.find(INTEGRITY, "simple"));
        assertEquals(Optional.empty(), table.find(AEAD, "null"));
    }

    @Test
    void removalFallsBackToTheNextProviderAndThenToNothing() {
        table.add(aesJce, 1, 200);
        table.add(aesBc, 2, 100);
        assertTrue(table.remove(1));
        assertSame(aesBc, table.find(ENCRYPTION, "aes-cbc").orElseThrow());
        assertTrue(table.remove(2));
        assertEquals(Optional.empty(), table.find(ENCRYPTION, "aes-cbc"));
        assertFalse(table.remove(2));
    }

    @Test
    void rerankingChangesThePreferredProvider() {
        table.add(aesJce, 1, 200);
        table.add(aesBc, 2, 100);
        assertTrue(table.rerank(2, 300));
        assertSame(aesBc, table.find(ENCRYPTION, "aes-cbc").orElseThrow());
        assertTrue(table.rerank(2, -5));
        assertSame(aesJce, table.find(ENCRYPTION, "aes-cbc").orElseThrow());
    }

    @Test
    void generationCountsEveryChangeAndOnlyChanges() {
        assertEquals(0, table.generation());
        table.add(aesJce, 1, 200);
        assertEquals(1, table.generation());
        table.add(aesBc, 2, 100);
        assertEquals(2, table.generation());
        assertTrue(table.rerank(2, 300));
        assertEquals(3, table.generation());
        assertFalse(table.rerank(2, 300), "same ranking");
        assertFalse(table.rerank(99, 1), "unknown service");
        assertEquals(3, table.generation());
        assertTrue(table.remove(1));
        assertEquals(4, table.generation());
        assertFalse(table.remove(1));
        assertEquals(4, table.generation());
    }

    @Test
    void allListsEveryProviderGroupedByNameThePreferredFirst() {
        FakeProvider gcmJce = FakeProvider.of(AEAD, "aes-gcm-16", "jce");
        FakeProvider gcmBc = FakeProvider.of(AEAD, "aes-gcm-16", "bc");
        FakeProvider cast = FakeProvider.of(ENCRYPTION, "cast128-cbc", "bc");
        FakeProvider sha = FakeProvider.of(INTEGRITY, "hmac-sha256", "jce", "hmac-sha2-256");
        table.add(gcmBc, 1, 100);
        table.add(cast, 2, 100);
        table.add(aesBc, 3, 100);
        table.add(sha, 4, 200);
        table.add(gcmJce, 5, 200);
        table.add(aesJce, 6, 200);
        List<AlgorithmProvider> expected = List.of(aesJce, aesBc, cast, sha, gcmJce, gcmBc);
        assertEquals(expected, table.all());
    }

    @Test
    void readersNeverSeeAGenerationAheadOfItsSnapshot() throws Exception {
        // A writer flips the preferred provider back and forth; a reader that sees an even generation must find the
        // provider of that generation or a newer one, never the older one.
        table.add(aesJce, 1, 200);
        table.add(aesBc, 2, 100);
        AtomicBoolean wrong = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            for (int i = 0; i < 200_000; i++) {
                long g = table.generation();
                AlgorithmProvider p = table.find(ENCRYPTION, "aes-cbc").orElseThrow();
                // generations 2, 4, 6 ... have jce preferred; 3, 5, 7 ... have bc preferred
                if (table.generation() == g && (g % 2 == 0) != (p == aesJce)) {
                    wrong.set(true);
                }
            }
        });
        reader.start();
        for (int i = 0; i < 20_000; i++) {
            table.rerank(2, i % 2 == 0 ? 300 : 100);
        }
        reader.join();
        assertFalse(wrong.get());
    }
}
