package org.ipsec4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.api.setkey.SetkeyService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Hot add: the gateway runs with the JCE provider only (the Bouncy Castle bundle is stopped first); Camellia, which only
 * Bouncy Castle offers, is not available, and becomes available, SAs and traffic included, once {@code cipher-bc}
 * starts. A fresh container for each test.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class HotAddTest {
    static final int SPI = 0x3001;

    @Inject
    BundleContext context;

    @Inject
    SecurityAssociationDatabase sad;

    @Inject
    SetkeyService setkey;

    @Inject
    AlgorithmRegistry registry;

    @Inject
    CommandProcessor processor;

    private Bundle bc;

    @Configuration
    public Option[] config() {
        return GatewayOptions.gateway();
    }

    @Before
    public void onlyTheJceProvider() throws Exception {
        bc = Container.bundle(context, Container.CIPHER_BC);
        bc.stop();
        Container.await("camellia-cbc is gone", () -> !camelliaOffered());
    }

    private boolean camelliaOffered() {
        return registry.find(AlgorithmKind.ENCRYPTION, "camellia-cbc").isPresent();
    }

    private record Setkey(int status, String out, String err) {
    }

    private Setkey setkeyC(String statements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = setkey.run(List.of("-c"), new ByteArrayInputStream(statements.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Setkey(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void camelliaBecomesAvailableWhenBouncyCastleStartsAndCarriesTraffic() throws Exception {
        // only the JCE provider: its algorithms, not Bouncy Castle's
        assertEquals("jce", registry.find(AlgorithmKind.AEAD, "aes-gcm-16").get().providerName());
        assertFalse(registry.find(AlgorithmKind.ENCRYPTION, "twofish-cbc").isPresent());
        Container.Gogo absent = Container.gogo(processor, "ipsec:algorithms camellia-cbc", "");
        assertTrue(absent.failed());
        assertTrue(absent.err(), absent.err().contains("no provider offers an algorithm called \"camellia-cbc\""));
        Container.Gogo table = Container.gogo(processor, "ipsec:algorithms", "");
        assertFalse(table.err(), table.failed());
        assertTrue(table.out(), table.out().lines().noneMatch(l -> l.contains(" bc ")));

        bc.start();
        Container.await("camellia-cbc is offered", this::camelliaOffered);
        assertEquals("bc", registry.find(AlgorithmKind.ENCRYPTION, "camellia-cbc").get().providerName());
        Container.Gogo present = Container.gogo(processor, "ipsec:algorithms camellia-cbc", "");
        assertFalse(present.err(), present.failed());
        assertTrue(present.out(), present.out().contains("camellia-cbc       encryption   bc            100  *"));

        Setkey add = setkeyC(EspTraffic.statements(SPI, HotRemoveTest.CAMELLIA));
        assertEquals(add.err(), 0, add.status());
        try (EspTraffic traffic = new EspTraffic(context, sad, SPI)) {
            for (int n = 1; n <= 20; n++) {
                assertEquals(n, traffic.roundTrip(n));
            }
            assertEquals(20, traffic.outbound().counters().packets());
            assertEquals(20, traffic.inbound().counters().packets());
            assertTrue(traffic.inbound().counters().drops().isEmpty());
        }
    }

    /**
     * An {@code add} of an SA whose algorithm no provider offers now is refused, naming the algorithms that are offered,
     * and changes nothing; once Bouncy Castle runs, the same statements succeed and carry traffic.
     */
    @Test
    public void addOfAnAlgorithmNoProviderOffersIsRefusedWithWhatIsOffered() throws Exception {
        String statements = EspTraffic.statements(SPI, HotRemoveTest.CAMELLIA);
        Setkey refused = setkeyC(statements);
        assertEquals(1, refused.status());
        assertTrue(refused.err(), refused.err().startsWith("setkey: line 1, "));
        assertTrue(refused.err(), refused.err().contains(
                "encryption algorithm \"camellia-cbc\" is not offered by any provider now (offered: "));
        // the message lists what is offered now: the JCE bundle's ciphers, none of Bouncy Castle's own
        for (String offered : List.of("aes-cbc", "aes-ctr", "3des-cbc", "aes-gcm-16")) {
            assertTrue(offered + " listed: " + refused.err(), refused.err().contains(offered));
        }
        assertFalse(refused.err(), refused.err().contains("twofish-cbc"));
        assertFalse(sad.get(new SaId(InetAddress.getByName(EspTraffic.PEER), SaProtocol.ESP, SPI)).isPresent());
        assertFalse(sad.get(new SaId(InetAddress.getByName(EspTraffic.LOCAL), SaProtocol.ESP, SPI)).isPresent());

        bc.start();
        Container.await("camellia-cbc is offered", this::camelliaOffered);
        Setkey accepted = setkeyC(statements);
        assertEquals(accepted.err(), 0, accepted.status());
        try (EspTraffic traffic = new EspTraffic(context, sad, SPI)) {
            assertEquals(1, traffic.roundTrip(1));
        }
    }
}
