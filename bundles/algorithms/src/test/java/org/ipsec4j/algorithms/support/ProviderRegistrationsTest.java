package org.ipsec4j.algorithms.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.ipsec4j.algorithms.testing.FakeBundleContext;
import org.ipsec4j.api.crypto.StandardAlgorithms;
import org.junit.jupiter.api.Test;

class ProviderRegistrationsTest {
    private final FakeBundleContext fake = new FakeBundleContext();
    private final OfferedAlgorithm aes = new OfferedAlgorithm(StandardAlgorithms.AES_CBC, "jce", 200,
            key -> new NullEncryptionContext());
    private final OfferedAlgorithm des = new OfferedAlgorithm(StandardAlgorithms.DES_CBC, "jce", 100,
            key -> new NullEncryptionContext());
    private final ProviderRegistrations registrations = new ProviderRegistrations(fake.context, List.of(aes, des));

    @Test
    void registersOneServicePerAlgorithmWithItsDefaultRanking() {
        registrations.apply(ProviderSettings.defaults());
        assertEquals(Map.of("aes-cbc@jce", 200, "des-cbc@jce", 100), fake.live());
        assertSame(aes, fake.registrations.get(0).service);
        assertEquals(Map.of(aes, 200, des, 100), registrations.rankings());
    }

    @Test
    void aNewRankingModifiesTheRegisteredServiceInPlace() {
        registrations.apply(ProviderSettings.defaults());
        registrations.apply(ProviderSettings.parse(Map.of("ranking.des-cbc", 300), List.of(aes.descriptor(),
                des.descriptor())));
        assertEquals(2, fake.registrations.size(), "no new registration");
        assertEquals(Map.of("aes-cbc@jce", 200, "des-cbc@jce", 300), fake.live());
        assertEquals(0, fake.registrations.get(0).modifications, "aes-cbc untouched");
        assertEquals(1, fake.registrations.get(1).modifications);

        registrations.apply(ProviderSettings.defaults());
        assertEquals(Map.of("aes-cbc@jce", 200, "des-cbc@jce", 100), fake.live());
    }

    @Test
    void disablingUnregistersAndEnablingRegistersAgain() {
        registrations.apply(ProviderSettings.defaults());
        registrations.apply(ProviderSettings.parse(Map.of("disabled", "des-cbc"), List.of(aes.descriptor(),
                des.descriptor())));
        assertEquals(Map.of("aes-cbc@jce", 200), fake.live());
        assertTrue(fake.registrations.get(1).unregistered);

        registrations.apply(ProviderSettings.defaults());
        assertEquals(Map.of("aes-cbc@jce", 200, "des-cbc@jce", 100), fake.live());
        assertEquals(3, fake.registrations.size());
    }

    @Test
    void unregisterAllToleratesServicesTheFrameworkRemovedAlready() {
        registrations.apply(ProviderSettings.defaults());
        fake.registrations.get(0).unregistered = true; // as if the framework had done it
        registrations.unregisterAll();
        assertEquals(Map.of(), fake.live());
        assertEquals(Map.of(), registrations.rankings());
    }
}
