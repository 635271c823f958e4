package org.ipsec4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.EnumMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.inject.Inject;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.sa.SaCounters;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.api.setkey.SetkeyService;
import org.ipsec4j.api.transform.Verdict;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Replace: both provider bundles offer {@code aes-gcm-16}; which one the registry prefers is switched back and forth
 * through ConfigAdmin ({@code ranking.aes-gcm-16} of {@code org.ipsec4j.cipher.bc} and {@code org.ipsec4j.cipher.jce})
 * while one thread protects packets and another opens them, with up to 64 packets in flight between the two. At each
 * switch at least {@value #IN_FLIGHT} packets are in flight (the receiver holds back until the switch is done), so they
 * are sealed by one provider and opened by the other; every switch is seen by the registry and carries traffic before
 * the next one. Nothing is lost: the SAs are the same live entries throughout, every packet sent is received and
 * decrypted byte for byte, and the SAs' counters agree with what the threads counted.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class ProviderReplaceTest {
    static final int SPI = 0x4001;
    static final String GCM = "-E aes-gcm-16 0x000102030405060708090a0b0c0d0e0f10111213";
    /** Packets that must pass after each switch before the next one. */
    static final int PER_PHASE = 300;
    /** Packets sealed before each switch and opened after it, at least. */
    static final int IN_FLIGHT = 32;

    @Inject
    BundleContext context;

    @Inject
    SecurityAssociationDatabase sad;

    @Inject
    SetkeyService setkey;

    @Inject
    AlgorithmRegistry registry;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return GatewayOptions.gateway();
    }

    private String activeProvider() {
        return registry.find(AlgorithmKind.AEAD, "aes-gcm-16").get().providerName();
    }

    private void rank(String pid, int ranking) throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("ranking.aes-gcm-16", ranking);
        configAdmin.getConfiguration(pid, "?").update(props);
    }

    @Test
    public void switchingThePreferredProviderUnderTrafficLosesNothing() throws Exception {
        EspTraffic.add(setkey, SPI, GCM);
        EspTraffic sender = new EspTraffic(context, sad, SPI);
        EspTraffic receiver = new EspTraffic(context, sad, SPI);
        SaEntry out = sender.outbound();
        SaEntry in = receiver.inbound();
        BlockingQueue<Object[]> wire = new ArrayBlockingQueue<>(64);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean hold = new AtomicBoolean();
        AtomicLong sent = new AtomicLong();
        AtomicLong received = new AtomicLong();
        Map<Verdict, Long> sendDrops = new EnumMap<>(Verdict.class);
        Map<Verdict, Long> receiveDrops = new EnumMap<>(Verdict.class);
        AtomicReference<Throwable> failure = new AtomicReference<>();

        Thread producer = new Thread(() -> {
            try {
                for (long n = 1; !stop.get(); n++) {
                    EspTraffic.Sent s = sender.send(n);
                    if (s.verdict() == Verdict.OK) {
                        wire.put(new Object[] {n, s.wire()});
                        sent.incrementAndGet();
                    } else {
                        synchronized (sendDrops) {
                            sendDrops.merge(s.verdict(), 1L, Long::sum);
                        }
                    }
                }
                wire.put(new Object[] {-1L, null});
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "esp-sender");
        Thread consumer = new Thread(() -> {
            try {
                while (true) {
                    while (hold.get()) {
                        Thread.sleep(1);
                    }
                    Object[] p = wire.take();
                    long n = (Long) p[0];
                    if (n < 0) {
                        return;
                    }
                    Verdict v = receiver.receive((byte[]) p[1], n); // fails on a wrong plaintext
                    if (v == Verdict.OK) {
                        received.incrementAndGet();
                    } else {
                        synchronized (receiveDrops) {
                            receiveDrops.merge(v, 1L, Long::sum);
                        }
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "esp-receiver");
        producer.start();
        consumer.start();

        // (pid, ranking, the provider preferred afterwards); defaults: jce 200, bc 100
        Object[][] switches = {
            {"org.ipsec4j.cipher.bc", 300, "bc"},
            {"org.ipsec4j.cipher.bc", 100, "jce"},
            {"org.ipsec4j.cipher.bc", 300, "bc"},
            {"org.ipsec4j.cipher.bc", 150, "jce"},
            {"org.ipsec4j.cipher.jce", 50, "bc"},
            {"org.ipsec4j.cipher.jce", 200, "jce"},
            {"org.ipsec4j.cipher.bc", 250, "bc"},
        };
        List<String> seen = new ArrayList<>();
        try {
            Container.await("traffic flows", () -> received.get() >= PER_PHASE || failure.get() != null);
            for (Object[] s : switches) {
                // packets sealed by the provider preferred now wait in the queue, and are opened after the switch
                hold.set(true);
                Container.await("packets wait in flight", () -> wire.size() >= IN_FLIGHT || failure.get() != null);
                rank((String) s[0], (Integer) s[1]);
                Container.await("the registry prefers " + s[2], () -> s[2].equals(activeProvider()));
                hold.set(false);
                seen.add(activeProvider());
                long mark = received.get();
                Container.await(PER_PHASE + " packets pass through " + s[2],
                        () -> received.get() >= mark + PER_PHASE || failure.get() != null);
                assertEquals("no failure in the traffic threads", null, failure.get());
            }
        } finally {
            stop.set(true);
            producer.join(10_000);
            consumer.join(10_000);
            sender.close();
            receiver.close();
        }
        if (failure.get() != null) {
            throw new AssertionError("traffic failed", failure.get());
        }
        assertEquals(List.of("bc", "jce", "bc", "jce", "bc", "jce", "bc"), seen);

        // no SA lost: the same live entries, and every packet accounted for
        assertSame(out, sad.get(out.id()).get());
        assertSame(in, sad.get(in.id()).get());
        assertEquals("nothing was dropped on the way out", Map.of(), sendDrops);
        assertEquals("nothing was dropped on the way in", Map.of(), receiveDrops);
        assertEquals("every packet sent arrived and decrypted", sent.get(), received.get());
        SaCounters o = out.counters();
        SaCounters i = in.counters();
        assertEquals(sent.get(), o.packets());
        assertEquals(sent.get(), o.sequence());
        assertEquals(received.get(), i.packets());
        assertEquals(sent.get(), i.sequence());
        assertTrue(o.drops().isEmpty());
        assertTrue(i.drops().isEmpty());
        assertTrue("traffic through seven switches: " + sent.get(), sent.get() >= (switches.length + 1) * PER_PHASE);

        configAdmin.getConfiguration("org.ipsec4j.cipher.bc", "?").delete();
        configAdmin.getConfiguration("org.ipsec4j.cipher.jce", "?").delete();
        Container.await("back to the defaults", () -> "jce".equals(activeProvider()));
    }
}
