package org.ipsec4j.itests.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * ipsec4j in a real Apache Karaf 4.4: the features repository is added, the features are installed one by one
 * (Bouncy Castle's provider last, while SAs exist: a hot add, a plain {@code feature:install} that may refresh what
 * it likes), setkey statements run through Karaf's ssh shell and show up in {@code ipsec:setkey -D}, the Bouncy Castle
 * feature is uninstalled and installed again under a live SA, and Karaf's own Bouncy Castle (its ssh server registers
 * a JCA provider "BC") lives beside the copy inside ipsec4j's provider bundle without a clash. The tests run in order against one Karaf.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KarafFeaturesIT {
    static final String VERSION = System.getProperty("ipsec4j.version", "0.1.0-SNAPSHOT");
    static final String REPOSITORY = "mvn:org.ipsec4j/ipsec4j-features/" + VERSION + "/xml/features";

    static final String GCM_SA = "add 192.0.2.1 192.0.2.2 esp 0x1001 -m tunnel"
            + " -E aes-gcm-16 0x000102030405060708090a0b0c0d0e0f10111213 ;";
    static final String CAMELLIA_SA = "add 192.0.2.1 192.0.2.2 esp 0x1002 -m tunnel"
            + " -E camellia-cbc 0x000102030405060708090a0b0c0d0e0f"
            + " -A hmac-sha256 0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f ;";

    private Karaf karaf;

    @BeforeAll
    void startKaraf() throws Exception {
        Path home = Path.of(System.getProperty("karaf.home", "target/apache-karaf-4.4.10")).toAbsolutePath();
        assertTrue(Files.isExecutable(home.resolve("bin/karaf")), "Karaf is unpacked at " + home);
        karaf = Karaf.start(home);
    }

    @AfterAll
    void stopKaraf() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    private Karaf.Result ok(String commandLine) throws Exception {
        Karaf.Result r = karaf.run(commandLine);
        assertEquals(0, r.status(), () -> commandLine + " failed: " + r + "\nlog:\n" + logTail());
        return r;
    }

    private String logTail() {
        try {
            return Karaf.tail(karaf.log(), 6000);
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }

    /** The state column of {@code feature:list} for one feature, e.g. {@code Started} or {@code Uninstalled}. */
    private String featureState(String listing, String feature) {
        for (String line : listing.lines().toList()) {
            String[] cols = line.split("\\|");
            if (cols.length > 3 && cols[0].trim().equals(feature)) {
                return cols[3].trim();
            }
        }
        return "(not listed)";
    }

    @Test
    @Order(1)
    void theRepositoryAndTheCoreFeaturesInstall() throws Exception {
        ok("feature:repo-add " + REPOSITORY);
        ok("feature:install ipsec4j-cipher-jce ipsec4j-shell");
        String features = ok("feature:list").output();
        assertEquals("Started", featureState(features, "ipsec4j-core"), features);
        assertEquals("Started", featureState(features, "ipsec4j-cipher-jce"), features);
        assertEquals("Started", featureState(features, "ipsec4j-shell"), features);
        assertEquals("Uninstalled", featureState(features, "ipsec4j-cipher-bc"), features);
        assertEquals("Uninstalled", featureState(features, "ipsec4j-io-pcap"), features);
        // Karaf's own scr feature came with them
        assertEquals("Started", featureState(features, "scr"), features);
    }

    @Test
    @Order(2)
    void setkeyStatementsAndDumpThroughKarafsShell() throws Exception {
        ok("ipsec:setkey '" + GCM_SA + "'");
        String dump = ok("ipsec:setkey -D").output();
        assertTrue(dump.contains("192.0.2.1 192.0.2.2 \n"
                + "\tesp mode=tunnel spi=4097(0x00001001) reqid=0(0x00000000)\n"
                + "\tE: aes-gcm-16  00010203 04050607 08090a0b 0c0d0e0f 10111213\n"
                + "\tseq=0x00000000 replay=0 flags=0x00000000 state=mature \n"), dump);

        Karaf.Result bad = karaf.run("ipsec:setkey 'add 192.0.2.1 192.0.2.2 esp 0x1003 -E des-cbcx \"hogehoge\" ;'");
        assertNotEquals(0, bad.status(), bad::toString);
        assertTrue(bad.output().contains("unknown encryption algorithm \"des-cbcx\""), bad::toString);
        assertTrue(ok("ipsec:setkey -D").output().lines().noneMatch(l -> l.contains("0x00001003")));
    }

    @Test
    @Order(3)
    void withoutBouncyCastleCamelliaIsNotOffered() throws Exception {
        Karaf.Result r = karaf.run("ipsec:algorithms camellia-cbc");
        assertNotEquals(0, r.status(), r::toString);
        assertTrue(r.output().contains("no provider offers an algorithm called \"camellia-cbc\""), r::toString);
        String gcm = ok("ipsec:algorithms aes-gcm-16").output();
        assertTrue(Pattern.compile("(?m)^aes-gcm-16 +aead +jce +200 +\\*$").matcher(gcm).find(), gcm);
        Karaf.Result refused = karaf.run("ipsec:setkey '" + CAMELLIA_SA + "'");
        assertNotEquals(0, refused.status(), refused::toString);
        assertTrue(refused.output().contains(
                "encryption algorithm \"camellia-cbc\" is not offered by any provider now (offered: "), refused::toString);
    }

    @Test
    @Order(4)
    void bouncyCastleHotAddedAsAFeature() throws Exception {
        // a plain install, refresh allowed: the bundle's Bouncy Castle is private, so Karaf has nothing to rewire
        // (its ssh server's optional Bouncy Castle imports stay as they are) and the SAD keeps its SAs
        ok("feature:install ipsec4j-cipher-bc");
        String camellia = ok("ipsec:algorithms camellia-cbc").output();
        assertTrue(Pattern.compile("(?m)^camellia-cbc +encryption +bc +100 +\\*$").matcher(camellia).find(), camellia);
        String gcm = ok("ipsec:algorithms aes-gcm-16").output();
        assertEquals(List.of(
                "ALGORITHM          KIND         PROVIDER  RANKING  ACTIVE  ALIASES",
                "aes-gcm-16         aead         jce           200  *",
                "aes-gcm-16         aead         bc            100"), gcm.lines().map(String::stripTrailing).toList());

        ok("ipsec:setkey '" + CAMELLIA_SA + "'");
        String dump = ok("ipsec:setkey -D").output();
        assertTrue(dump.contains("\tesp mode=tunnel spi=4098(0x00001002) reqid=0(0x00000000)\n"
                + "\tE: camellia-cbc  00010203 04050607 08090a0b 0c0d0e0f\n"
                + "\tA: hmac-sha256  00010203 04050607 08090a0b 0c0d0e0f 10111213 14151617 18191a1b 1c1d1e1f\n"), dump);
        assertTrue(dump.contains("spi=4097(0x00001001)"), "the earlier SA is still there: " + dump);
        assertTrue(dump.contains("\tsadb_seq=1 ") && dump.contains("\tsadb_seq=2 "), "the SAD did not restart: " + dump);
    }

    @Test
    @Order(5)
    void karafsBouncyCastleAndOursLiveSideBySide() throws Exception {
        // Karaf's ssh server registered its Bouncy Castle as the JCA provider "BC"; ipsec4j's provider bundle has its
        // own copy's lightweight API inside it, private, and never uses that name. Karaf's bundle is the only
        // Bouncy Castle bundle, untouched, and ssh (this very client) still works.
        String bundles = ok("bundle:list -s -t 0").output();
        List<String> bcprov = bundles.lines().filter(l -> l.contains("bcprov")).toList();
        assertEquals(1, bcprov.size(), bundles);
        assertTrue(bcprov.get(0).contains("| Active "), bundles);
        String cipherBc = bundles.lines().filter(l -> l.contains("org.ipsec4j.ipsec4j-cipher-bc")).findFirst()
                .orElseThrow(() -> new AssertionError(bundles));
        assertTrue(cipherBc.contains("| Active "), bundles);
        String id = cipherBc.substring(0, cipherBc.indexOf('|')).strip();
        String imports = ok("package:imports -b " + id).output();
        assertTrue(imports.contains("org.ipsec4j.api.crypto"), imports);
        assertFalse(imports.contains("org.bouncycastle"), "no Bouncy Castle package from outside: " + imports);
        assertTrue(karaf.log().contains("created instance of org.bouncycastle.jce.provider.BouncyCastleProvider"),
                "Karaf's ssh server registered its BC provider");
    }

    @Test
    @Order(6)
    void bouncyCastleUninstalledAndReinstalledUnderLiveSas() throws Exception {
        ok("feature:uninstall ipsec4j-cipher-bc");
        Karaf.Result gone = karaf.run("ipsec:algorithms camellia-cbc");
        assertNotEquals(0, gone.status(), gone::toString);
        String dump = ok("ipsec:setkey -D").output();
        assertTrue(dump.contains("\tE: camellia-cbc  00010203 04050607 08090a0b 0c0d0e0f\n"),
                "the SA outlives its provider: " + dump);

        ok("feature:install ipsec4j");
        String features = ok("feature:list").output();
        assertEquals("Started", featureState(features, "ipsec4j"), features);
        assertEquals("Started", featureState(features, "ipsec4j-cipher-bc"), features);
        String camellia = ok("ipsec:algorithms camellia-cbc").output();
        assertTrue(Pattern.compile("(?m)^camellia-cbc +encryption +bc +100 +\\*$").matcher(camellia).find(), camellia);
        String after = ok("ipsec:setkey -D").output();
        assertEquals(2, after.lines().filter(l -> l.startsWith("\tesp mode=")).count(), after);
        assertTrue(after.contains("\tsadb_seq=1 ") && after.contains("\tsadb_seq=2 "), "the SAD did not restart: " + after);
    }

    @Test
    @Order(7)
    void theIoFeaturesResolve() throws Exception {
        // -t: resolve and log what would be done, install nothing (libpcap and /dev/net/tun are not needed for that)
        for (String feature : List.of("ipsec4j-io-pcap", "ipsec4j-io-tun")) {
            int logged = karaf.log().length();
            ok("feature:install -t -v -r " + feature);
            String plan = karaf.log().substring(logged);
            assertTrue(plan.contains("Bundles to install:") && plan.contains("mvn:org.ipsec4j/" + feature + "/" + VERSION),
                    plan);
            assertEquals("Uninstalled", featureState(ok("feature:list").output(), feature), "only simulated");
        }
    }

    @Test
    @Order(8)
    void theControlSocketIsInKarafsDataDirectoryAndNothingFailed() throws Exception {
        Path socket = karaf.home.resolve("data/ipsec4j/setkey.sock");
        assertTrue(Files.exists(socket), "the feature's configuration puts the control socket at " + socket);
        List<String> errors = karaf.errors().stream()
                .filter(l -> l.contains("ipsec4j") || l.contains("bouncycastle") || l.contains("scr")).toList();
        assertEquals(List.of(), errors, this::logTail);
    }
}
