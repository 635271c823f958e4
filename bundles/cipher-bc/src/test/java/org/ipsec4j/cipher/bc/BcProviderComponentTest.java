package org.ipsec4j.cipher.bc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.ipsec4j.algorithms.testing.FakeBundleContext;
import org.junit.jupiter.api.Test;

class BcProviderComponentTest {
    private final FakeBundleContext fake = new FakeBundleContext();

    @Test
    void registersEveryAlgorithmFasterOnesAhead() {
        new BcProviderComponent(fake.context, Map.of());
        assertEquals(28, fake.registrations.size());
        Map<String, Object> live = fake.live();
        assertEquals(27, live.size(), "null encryption and null integrity share a name");
        for (String faster : new String[] {"des-cbc", "3des-cbc", "blowfish-cbc"}) {
            assertEquals(200, live.remove(faster + "@bc"), faster);
        }
        assertEquals(150, live.remove("chacha20-poly1305@bc"), "between SunJCE without and with intrinsics");
        assertTrue(live.values().stream().allMatch(r -> r.equals(100)), live.toString());
    }

    @Test
    void configurationReranksAndDisablesWhileActive() {
        BcProviderComponent component = new BcProviderComponent(fake.context,
                Map.of("ranking.3des-cbc", 10, "disabled", "keyed-md5,keyed-sha1"));
        assertEquals(10, fake.live().get("3des-cbc@bc"));
        assertTrue(!fake.live().containsKey("keyed-md5@bc") && !fake.live().containsKey("keyed-sha1@bc"));

        component.modified(Map.of());
        assertEquals(200, fake.live().get("3des-cbc@bc"));
        assertEquals(100, fake.live().get("keyed-md5@bc"));

        component.deactivate();
        assertTrue(fake.live().isEmpty());
    }
}
