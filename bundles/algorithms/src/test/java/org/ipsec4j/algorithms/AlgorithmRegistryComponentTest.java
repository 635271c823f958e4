package org.ipsec4j.algorithms;

import static org.ipsec4j.api.crypto.AlgorithmKind.ENCRYPTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlgorithmRegistryComponentTest {
    private final AlgorithmRegistryComponent registry = new AlgorithmRegistryComponent();
    private final FakeProvider jce = FakeProvider.of(ENCRYPTION, "3des-cbc", "jce");
    private final FakeProvider bc = FakeProvider.of(ENCRYPTION, "3des-cbc", "bc");

    private static Map<String, Object> props(long id, Object ranking) {
        return ranking == null ? Map.of("service.id", id) : Map.of("service.id", id, "service.ranking", ranking);
    }

    @Test
    void bindUpdateAndUnbindFollowTheServiceProperties() {
        registry.addProvider(jce, props(40, 100));
        registry.addProvider(bc, props(41, 200));
        assertSame(bc, registry.find(ENCRYPTION, "3des-cbc").orElseThrow());
        long before = registry.generation();

        registry.updatedProvider(jce, props(40, 250));
        assertSame(jce, registry.find(ENCRYPTION, "3des-cbc").orElseThrow());
        assertEquals(before + 1, registry.generation());

        registry.removeProvider(jce, props(40, 250));
        assertSame(bc, registry.find(ENCRYPTION, "3des-cbc").orElseThrow());
        registry.removeProvider(bc, props(41, 200));
        assertEquals(Optional.empty(), registry.find(ENCRYPTION, "3des-cbc"));
        assertEquals(before + 3, registry.generation());
    }

    @Test
    void aMissingOrNonIntegerRankingCountsAsZeroAsInOsgi() {
        assertEquals(0, AlgorithmRegistryComponent.ranking(props(1, null)));
        assertEquals(0, AlgorithmRegistryComponent.ranking(props(1, "300")));
        assertEquals(0, AlgorithmRegistryComponent.ranking(props(1, 300L)));
        assertEquals(-3, AlgorithmRegistryComponent.ranking(props(1, -3)));

        registry.addProvider(jce, props(5, "900"));
        registry.addProvider(bc, props(6, 1));
        assertSame(bc, registry.find(ENCRYPTION, "3des-cbc").orElseThrow());
    }

    @Test
    void aServiceWithoutIdIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.addProvider(jce, Map.of("service.ranking", 1)));
        assertEquals("service without a service.id: [service.ranking]", e.getMessage());
    }
}
