package org.ipsec4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.crypto.StandardAlgorithms;
import org.junit.jupiter.api.Test;

class AlgorithmsListingTest {
    /** A provider that only describes itself. */
    private record FakeProvider(AlgorithmDescriptor descriptor, String providerName) implements AlgorithmProvider {
        @Override
        public AlgorithmContext newContext(byte[] key) {
            throw new UnsupportedOperationException();
        }
    }

    /** Prefers the highest ranking among the offers it holds, as the real registry does; or an explicit choice. */
    private static final class FakeRegistry implements AlgorithmRegistry {
        final List<AlgorithmsListing.Offer> offers = new ArrayList<>();
        AlgorithmProvider override;

        @Override
        public Optional<AlgorithmProvider> find(AlgorithmKind kind, String name) {
            if (override != null && override.descriptor().kind() == kind && override.descriptor().answersTo(name)) {
                return Optional.of(override);
            }
            return offers.stream()
                    .filter(o -> o.provider().descriptor().kind() == kind && o.provider().descriptor().answersTo(name))
                    .max(Comparator.comparingInt(AlgorithmsListing.Offer::ranking))
                    .map(AlgorithmsListing.Offer::provider);
        }

        @Override
        public List<AlgorithmProvider> all() {
            return offers.stream().map(AlgorithmsListing.Offer::provider).toList();
        }

        @Override
        public long generation() {
            return offers.size();
        }
    }

    private final FakeRegistry registry = new FakeRegistry();
    private final AlgorithmsListing listing = new AlgorithmsListing(registry);

    private AlgorithmProvider offer(AlgorithmDescriptor d, String provider, int ranking) {
        AlgorithmProvider p = new FakeProvider(d, provider);
        registry.offers.add(new AlgorithmsListing.Offer(p, ranking));
        return p;
    }

    @Test
    void everyProviderOfEveryAlgorithmWithTheActiveOneMarked() {
        offer(StandardAlgorithms.AES_GCM_16, "bc", 100);
        offer(StandardAlgorithms.HMAC_SHA256, "jce", 200);
        offer(StandardAlgorithms.AES_GCM_16, "jce", 200);
        offer(StandardAlgorithms.CAMELLIA_CBC, "bc", 100);
        offer(StandardAlgorithms.AES_CBC, "jce", 200);
        offer(StandardAlgorithms.NULL_ENCRYPTION, "jce", 200);
        offer(StandardAlgorithms.NULL_INTEGRITY, "jce", 200);
        offer(StandardAlgorithms.DEFLATE, "jce", 200);

        assertEquals("""
                ALGORITHM          KIND         PROVIDER  RANKING  ACTIVE  ALIASES
                aes-cbc            encryption   jce           200  *       rijndael-cbc
                camellia-cbc       encryption   bc            100  *
                null               encryption   jce           200  *       simple
                hmac-sha256        integrity    jce           200  *       hmac-sha2-256
                null               integrity    jce           200  *
                aes-gcm-16         aead         jce           200  *
                aes-gcm-16         aead         bc            100
                deflate            compression  jce           200  *
                """, listing.format(registry.offers, null));
    }

    @Test
    void aReRankingMovesTheMarkAndTheOrder() {
        offer(StandardAlgorithms.AES_GCM_16, "jce", 200);
        offer(StandardAlgorithms.AES_GCM_16, "bc", 100);
        registry.offers.set(1, new AlgorithmsListing.Offer(registry.offers.get(1).provider(), 300));

        assertEquals("""
                ALGORITHM          KIND         PROVIDER  RANKING  ACTIVE  ALIASES
                aes-gcm-16         aead         bc            300  *
                aes-gcm-16         aead         jce           200
                """, listing.format(registry.offers, null));
    }

    @Test
    void theMarkFollowsTheRegistryNotTheRankings() {
        offer(StandardAlgorithms.AES_GCM_16, "jce", 200);
        registry.override = offer(StandardAlgorithms.AES_GCM_16, "bc", 100);

        String table = listing.format(registry.offers, null);
        assertEquals(List.of(AlgorithmsListing.HEADER,
                "aes-gcm-16         aead         jce           200",
                "aes-gcm-16         aead         bc            100  *"), table.lines().toList());
    }

    @Test
    void anAlgorithmNoLongerInTheRegistryIsListedWithoutMark() {
        List<AlgorithmsListing.Offer> offers = List.of(
                new AlgorithmsListing.Offer(new FakeProvider(StandardAlgorithms.CAMELLIA_CBC, "bc"), 100));

        assertEquals(List.of(AlgorithmsListing.HEADER, "camellia-cbc       encryption   bc            100"),
                listing.format(offers, null).lines().toList());
    }

    @Test
    void oneAlgorithmByNameOrAliasOfAnyKind() {
        offer(StandardAlgorithms.AES_CBC, "jce", 200);
        offer(StandardAlgorithms.AES_CBC, "bc", 100);
        offer(StandardAlgorithms.NULL_ENCRYPTION, "jce", 200);
        offer(StandardAlgorithms.NULL_INTEGRITY, "bc", 100);
        offer(StandardAlgorithms.HMAC_SHA256, "jce", 200);

        assertEquals("""
                ALGORITHM          KIND         PROVIDER  RANKING  ACTIVE  ALIASES
                aes-cbc            encryption   jce           200  *       rijndael-cbc
                aes-cbc            encryption   bc            100
                """, listing.format(registry.offers, "rijndael-cbc"));
        assertEquals("""
                ALGORITHM          KIND         PROVIDER  RANKING  ACTIVE  ALIASES
                null               encryption   jce           200  *       simple
                null               integrity    bc            100  *
                """, listing.format(registry.offers, "null"));
        assertEquals(2, listing.format(registry.offers, "hmac-sha2-256").lines().count());
    }

    @Test
    void anUnknownNameIsAnError() {
        offer(StandardAlgorithms.AES_CBC, "jce", 200);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> listing.format(registry.offers, "camellia-cbc"));
        assertEquals("no provider offers an algorithm called \"camellia-cbc\"", e.getMessage());
    }

    @Test
    void nothingOffered() {
        assertEquals("No algorithms.\n", listing.format(List.of(), null));
    }

    @Test
    void equalRankingsInProviderNameOrderWhateverTheRegistryPrefers() {
        offer(StandardAlgorithms.AES_CTR, "jce", 100);
        offer(StandardAlgorithms.AES_CTR, "bc", 100);

        assertEquals(List.of(AlgorithmsListing.HEADER,
                "aes-ctr            encryption   bc            100",
                "aes-ctr            encryption   jce           100  *"), listing.format(registry.offers, null).lines().toList());
    }
}
