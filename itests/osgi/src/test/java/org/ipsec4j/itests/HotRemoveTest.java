package org.ipsec4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.sa.SaCounters;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.api.setkey.SetkeyService;
import org.ipsec4j.api.transform.Verdict;
import org.junit.After;
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
 * Hot remove: a provider bundle stopped or uninstalled under live SAs. The SAs stay in the SAD; their packets are
 * dropped and counted as {@code noalgo} (outbound and inbound), visible in {@code setkey -D}; when the provider is back
 * they resume with sequence numbers, replay window and counters intact. Camellia is offered by Bouncy Castle only, so
 * stopping {@code cipher-bc} takes it away. A fresh container for each test.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class HotRemoveTest {
    static final int SPI = 0x2001;
    static final String CAMELLIA = "-E camellia-cbc 0x000102030405060708090a0b0c0d0e0f"
            + " -A hmac-sha256 0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    @Inject
    BundleContext context;

    @Inject
    SecurityAssociationDatabase sad;

    @Inject
    SetkeyService setkey;

    @Inject
    AlgorithmRegistry registry;

    private EspTraffic traffic;

    @Configuration
    public Option[] config() {
        return GatewayOptions.gateway();
    }

    @Before
    public void camelliaSas() {
        EspTraffic.add(setkey, SPI, CAMELLIA);
        traffic = new EspTraffic(context, sad, SPI);
    }

    @After
    public void closeTraffic() {
        traffic.close();
    }

    private boolean camelliaOffered() {
        return registry.find(AlgorithmKind.ENCRYPTION, "camellia-cbc").isPresent();
    }

    /** The {@code setkey -D} block of the SA from {@code source} to {@code destination}. */
    private String dumpBlock(String source, String destination) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, setkey.run(List.of("-D"), new java.io.ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        String dump = out.toString(StandardCharsets.UTF_8);
        int start = dump.indexOf(source + " " + destination + " \n");
        assertTrue("SA " + source + " -> " + destination + " in:\n" + dump, start >= 0);
        int end = start;
        List<String> lines = new ArrayList<>();
        for (String line : dump.substring(start).split("\n", -1)) {
            if (end > start && !line.startsWith("\t")) {
                break;
            }
            lines.add(line);
            end += line.length() + 1;
        }
        return String.join("\n", lines) + "\n";
    }

    @Test
    public void stoppedProviderDropsAndCountsThenResumesWithStateIntact() throws Exception {
        SaEntry out = traffic.outbound();
        SaEntry in = traffic.inbound();
        for (int n = 1; n <= 10; n++) {
            assertEquals(n, traffic.roundTrip(n));
        }
        // three packets leave before the provider goes, and arrive while it is away
        List<EspTraffic.Sent> inFlight = new ArrayList<>();
        for (int n = 11; n <= 13; n++) {
            EspTraffic.Sent s = traffic.send(n);
            assertEquals(Verdict.OK, s.verdict());
            assertEquals(n, s.sequence());
            inFlight.add(s);
        }
        byte[] seenBefore = traffic.send(14).wire();
        assertEquals(Verdict.OK, traffic.receive(seenBefore, 14));

        Bundle bc = Container.bundle(context, Container.CIPHER_BC);
        bc.stop();
        Container.await("camellia-cbc is gone from the registry", () -> !camelliaOffered());

        for (int n = 15; n <= 19; n++) {
            EspTraffic.Sent s = traffic.send(n);
            assertEquals("packet " + n + " while no provider offers camellia", Verdict.NO_ALGORITHM, s.verdict());
        }
        for (int i = 0; i < inFlight.size(); i++) {
            assertEquals(Verdict.NO_ALGORITHM, traffic.receive(inFlight.get(i).wire(), 11 + i));
        }
        assertTrue(dumpBlock(EspTraffic.LOCAL, EspTraffic.PEER).contains("\tdropped: noalgo=5\n"));
        assertTrue(dumpBlock(EspTraffic.PEER, EspTraffic.LOCAL).contains("\tdropped: noalgo=3\n"));
        assertSame("the SA is the same live entry", out, traffic.outbound());
        assertSame(in, traffic.inbound());

        bc.start();
        Container.await("camellia-cbc is back", this::camelliaOffered);

        // the sequence goes on where it stopped: a dropped packet took no number
        for (int n = 20; n <= 29; n++) {
            assertEquals("sequence number of packet " + n, n - 5, traffic.roundTrip(n));
        }
        // the packets that were in flight are still inside the window and were never seen: accepted now
        for (int i = 0; i < inFlight.size(); i++) {
            assertEquals(Verdict.OK, traffic.receive(inFlight.get(i).wire(), 11 + i));
        }
        // the window kept what it saw before the provider went away
        assertEquals(Verdict.REPLAY, traffic.receive(seenBefore, 14));

        SaCounters o = out.counters();
        assertEquals(24, o.packets());
        assertEquals(24, o.sequence());
        assertEquals(5, o.drops(Verdict.NO_ALGORITHM));
        assertEquals(1, o.drops().size());
        SaCounters i = in.counters();
        assertEquals(24, i.packets());
        assertEquals(24, i.sequence());
        assertEquals(3, i.drops(Verdict.NO_ALGORITHM));
        assertEquals(1, i.drops(Verdict.REPLAY));
        assertEquals(2, i.drops().size());
        String inBlock = dumpBlock(EspTraffic.PEER, EspTraffic.LOCAL);
        assertTrue(inBlock, inBlock.contains("\tdropped: replay=1 noalgo=3\n"));
    }

    @Test
    public void uninstalledProviderReinstalledResumes() throws Exception {
        SaEntry out = traffic.outbound();
        SaEntry in = traffic.inbound();
        for (int n = 1; n <= 5; n++) {
            assertEquals(n, traffic.roundTrip(n));
        }
        Bundle bc = Container.bundle(context, Container.CIPHER_BC);
        String location = bc.getLocation();
        bc.uninstall();
        Container.await("camellia-cbc is gone from the registry", () -> !camelliaOffered());
        assertEquals(Verdict.NO_ALGORITHM, traffic.send(6).verdict());
        assertSame("the SA is the same live entry", out, traffic.outbound());
        assertSame(in, traffic.inbound());

        Bundle again;
        try (java.io.InputStream jar = new java.net.URL(location).openStream()) {
            again = context.installBundle(location, jar);
        }
        assertNotNull(again);
        again.start();
        Container.await("camellia-cbc is back", this::camelliaOffered);
        assertEquals("bc", registry.find(AlgorithmKind.ENCRYPTION, "camellia-cbc").get().providerName());

        for (int n = 7; n <= 11; n++) {
            assertEquals(n - 1, traffic.roundTrip(n));
        }
        assertEquals(10, traffic.outbound().counters().packets());
        assertEquals(1, traffic.outbound().counters().drops(Verdict.NO_ALGORITHM));
        assertEquals(10, traffic.inbound().counters().packets());
        assertFalse(traffic.inbound().counters().drops().containsKey(Verdict.REPLAY));
    }
}
