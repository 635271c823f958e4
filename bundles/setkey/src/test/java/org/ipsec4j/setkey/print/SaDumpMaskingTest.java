package org.ipsec4j.setkey.print;

import static org.ipsec4j.setkey.print.TestEntries.ip;
import static org.ipsec4j.setkey.print.TestEntries.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SaState;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.setkey.print.TestEntries.FixedSa;
import org.junit.jupiter.api.Test;

/** {@code mask.keys}: every key byte is {@code **}, in the lines and groups of the hex it replaces. */
class SaDumpMaskingTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:05Z"), ZoneOffset.UTC);
    private static final SaDumpPrinter PLAIN = new SaDumpPrinter(CLOCK, 4242);
    private static final SaDumpPrinter MASKING = new SaDumpPrinter(CLOCK, 4242, true);

    private static FixedSa entry(SecurityAssociation sa) {
        return new FixedSa(sa, SaState.MATURE, millis("2026-11-27T10:00:00Z"), 1, TestEntries.noCounters());
    }

    @Test
    void encryptionAndAuthenticationKeysAreMaskedEverythingElseIsTheSame() {
        SecurityAssociation sa = SecurityAssociation.builder(ip("192.0.2.1"), ip("192.0.2.2"), SaProtocol.ESP, 0x1000)
                .encryption(new AlgorithmKey("aes-cbc", HexFormat.of().parseHex("00112233445566778899aabbccddeeff")))
                .authentication(new AlgorithmKey("hmac-sha1", new byte[20])).build();
        String plain = PLAIN.format(entry(sa));
        String masked = MASKING.format(entry(sa));
        List<String> p = plain.lines().toList();
        List<String> m = masked.lines().toList();
        assertEquals(p.size(), m.size());
        assertEquals("\tE: aes-cbc  ******** ******** ******** ********", m.get(2));
        assertEquals("\tA: hmac-sha1  ******** ******** ******** ******** ********", m.get(3));
        for (int i = 0; i < p.size(); i++) {
            if (i != 2 && i != 3) assertEquals(p.get(i), m.get(i), "line " + i);
        }
        assertFalse(masked.contains("00112233"));
        assertTrue(MASKING.masksKeys());
        assertFalse(PLAIN.masksKeys());
    }

    @Test
    void longKeysWrapAsTheirHexWould() {
        SecurityAssociation sa = SecurityAssociation.builder(ip("10.0.0.1"), ip("10.0.0.2"), SaProtocol.AH, 300)
                .authentication(new AlgorithmKey("hmac-sha512", new byte[36])).build();
        List<String> lines = MASKING.format(entry(sa)).lines().toList();
        assertEquals("\tA: hmac-sha512 " + " ********".repeat(8), lines.get(2));
        assertEquals(" ********", lines.get(3));
        assertEquals("\tseq=0x00000000 replay=0 flags=0x00000000 state=mature ", lines.get(4));
    }

    @Test
    void keylessAlgorithmsAndDestroyedKeysShowTheNameOnly() {
        SecurityAssociation nullEsp = SecurityAssociation.builder(ip("10.0.0.1"), ip("10.0.0.2"), SaProtocol.ESP, 9)
                .encryption(new AlgorithmKey("null", new byte[0])).build();
        assertEquals("\tE: null ", MASKING.format(entry(nullEsp)).lines().toList().get(2));
        AlgorithmKey key = new AlgorithmKey("des-cbc", "hogehoge".getBytes());
        SecurityAssociation sa = SecurityAssociation.builder(ip("10.0.0.1"), ip("10.0.0.2"), SaProtocol.ESP, 10)
                .encryption(key).build();
        key.destroy();
        assertEquals("\tE: des-cbc  ******** ********", MASKING.format(entry(sa)).lines().toList().get(2),
                "the mask needs only the length, so a destroyed key still shows its mask");
    }
}
