package org.ipsec4j.cipher.jce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.ipsec4j.algorithms.testing.FakeBundleContext;
import org.junit.jupiter.api.Test;

class JceProviderComponentTest {
    private final FakeBundleContext fake = new FakeBundleContext();

    @Test
    void registersEveryAlgorithmWithItsDefaultRanking() {
        new JceProviderComponent(fake.context, Map.of());
        Map<String, Object> expected = new HashMap<>();
        for (String fast : new String[] {"aes-cbc", "aes-ctr", "aes-gcm-16", "aes-gcm-12", "aes-gmac",
            "hmac-md5", "hmac-sha1", "hmac-sha256", "hmac-sha256-96", "hmac-sha384", "hmac-sha512", "deflate"}) {
            expected.put(fast + "@jce", 200);
        }
        for (String slow : new String[] {"des-cbc", "3des-cbc", "blowfish-cbc"}) {
            expected.put(slow + "@jce", 100);
        }
        expected.put("chacha20-poly1305@jce", Runtime.version().feature() >= 21 ? 200 : 100);
        Map<String, Object> live = fake.live();
        assertEquals(200, live.remove("null@jce"), "null encryption and null integrity share a name");
        assertEquals(18, fake.registrations.size());
        assertEquals(expected, live);
    }

    @Test
    void configurationReranksAndDisablesWhileActive() {
        JceProviderComponent component = new JceProviderComponent(fake.context, Map.of("ranking.aes-gcm-16", "50"));
        assertEquals(50, fake.live().get("aes-gcm-16@jce"));

        component.modified(Map.of("ranking.aes-gcm-16", 300, "disabled", new String[] {"des-cbc"}));
        assertEquals(300, fake.live().get("aes-gcm-16@jce"));
        assertFalse(fake.live().containsKey("des-cbc@jce"));
        assertEquals(18, fake.registrations.size(), "re-ranking modifies, it does not register again");

        component.deactivate();
        assertTrue(fake.live().isEmpty());
    }
}
