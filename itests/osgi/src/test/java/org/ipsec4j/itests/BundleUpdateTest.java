package org.ipsec4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.inject.Inject;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Update: {@code Bundle.update()} of the ESP bundle, and of the Bouncy Castle provider, while a thread sends and
 * receives Camellia packets without pause. The SAs are the same live entries afterwards; the outbound sequence goes
 * on without a gap or a repeat (a packet that could not be protected took no number), the replay window still holds
 * what it saw, and the SAs' counters agree with what the thread counted. A fresh container for each test.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class BundleUpdateTest {
    static final int SPI = 0x5001;
    /** Round trips that must succeed before the update, and after it. */
    static final int PER_PHASE = 200;

    @Inject
    BundleContext context;

    @Inject
    SecurityAssociationDatabase sad;

    @Inject
    SetkeyService setkey;

    @Configuration
    public Option[] config() {
        return GatewayOptions.gateway();
    }

    /** A thread that sends and receives packet after packet and counts what happened. */
    static final class Loop implements AutoCloseable {
        final EspTraffic traffic;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        /** Packets not sent, or sent and not received, because no ESP transform was registered at that moment. */
        final AtomicLong noTransform = new AtomicLong();
        final Map<Verdict, Long> sendDrops = new EnumMap<>(Verdict.class);
        final Map<Verdict, Long> receiveDrops = new EnumMap<>(Verdict.class);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        /** A packet that was received early on, to replay at the end. */
        volatile byte[] early;
        volatile long earlyN;
        private final Thread thread;

        Loop(EspTraffic traffic) {
            this.traffic = traffic;
            this.thread = new Thread(this::run, "esp-loop");
            thread.start();
        }

        private void run() {
            try {
                long lastSequence = 0;
                for (long n = 1; !stop.get(); n++) {
                    EspTraffic.Sent s = traffic.send(n);
                    if (s == null) {
                        noTransform.incrementAndGet();
                        Thread.onSpinWait();
                        continue;
                    }
                    if (s.verdict() != Verdict.OK) {
                        synchronized (sendDrops) {
                            sendDrops.merge(s.verdict(), 1L, Long::sum);
                        }
                        continue;
                    }
                    sent.incrementAndGet();
                    if (s.sequence() != lastSequence + 1) {
                        throw new AssertionError("sequence " + s.sequence() + " after " + lastSequence);
                    }
                    lastSequence = s.sequence();
                    Verdict v = traffic.receive(s.wire(), n);
                    if (v == null) {
                        noTransform.incrementAndGet();
                    } else if (v == Verdict.OK) {
                        received.incrementAndGet();
                        if (early == null && n >= 10) {
                            earlyN = n;
                            early = s.wire();
                        }
                    } else {
                        synchronized (receiveDrops) {
                            receiveDrops.merge(v, 1L, Long::sum);
                        }
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }

        void awaitMore(String what, long count) {
            long mark = received.get();
            try {
                Container.await(what, () -> received.get() >= mark + count || failure.get() != null);
            } catch (AssertionError e) {
                synchronized (sendDrops) {
                    synchronized (receiveDrops) {
                        throw new AssertionError(e.getMessage() + ": sent " + sent + ", received " + received
                                + ", dropped on the way out " + sendDrops + ", on the way in " + receiveDrops);
                    }
                }
            }
            if (failure.get() != null) {
                throw new AssertionError("traffic failed", failure.get());
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(10_000);
        }
    }

    private void updateUnderTraffic(String symbolicName, Set<Verdict> allowedDrops) throws Exception {
        EspTraffic.add(setkey, SPI, HotRemoveTest.CAMELLIA);
        try (EspTraffic traffic = new EspTraffic(context, sad, SPI)) {
            SaEntry out = traffic.outbound();
            SaEntry in = traffic.inbound();
            Loop loop = new Loop(traffic);
            try {
                loop.awaitMore("traffic flows", PER_PHASE);
                Bundle bundle = Container.bundle(context, symbolicName);
                BundleRevision before = bundle.adapt(BundleRevision.class);
                bundle.update();
                assertEquals(Bundle.ACTIVE, bundle.getState());
                assertNotSame("a new revision", before, bundle.adapt(BundleRevision.class));
                loop.awaitMore("traffic flows after the update of " + symbolicName, PER_PHASE);
            } finally {
                loop.close();
            }
            assertNull(loop.failure.get());
            // replay state kept: an early packet is refused
            assertEquals(Verdict.REPLAY, traffic.receive(loop.early, loop.earlyN));

            assertSame(out, traffic.outbound());
            assertSame(in, traffic.inbound());
            for (Verdict v : loop.sendDrops.keySet()) {
                assertTrue("unexpected drop on the way out: " + loop.sendDrops, allowedDrops.contains(v));
            }
            for (Verdict v : loop.receiveDrops.keySet()) {
                assertTrue("unexpected drop on the way in: " + loop.receiveDrops, allowedDrops.contains(v));
            }
            SaCounters o = out.counters();
            SaCounters i = in.counters();
            assertEquals(loop.sent.get(), o.packets());
            assertEquals(loop.sent.get(), o.sequence());
            assertEquals(loop.received.get(), i.packets());
            assertEquals(Map.copyOf(loop.sendDrops), Map.copyOf(o.drops()));
            Map<Verdict, Long> expectedIn = new EnumMap<>(Verdict.class);
            expectedIn.putAll(loop.receiveDrops);
            expectedIn.merge(Verdict.REPLAY, 1L, Long::sum);
            assertEquals(Map.copyOf(expectedIn), Map.copyOf(i.drops()));
            // every packet sent was received, dropped and counted, or met no transform on its way in
            long inDrops = loop.receiveDrops.values().stream().mapToLong(Long::longValue).sum();
            assertTrue(loop.sent.get() - loop.received.get() - inDrops <= loop.noTransform.get());
        }
    }

    @Test
    public void updateOfTheProviderBundleUnderTraffic() throws Exception {
        // while Bouncy Castle is away, Camellia packets are dropped as noalgo, and take no sequence number
        updateUnderTraffic(Container.CIPHER_BC, Set.of(Verdict.NO_ALGORITHM));
    }

    /**
     * Fails today: after the update every packet of the existing SAs is dropped as {@code badstate}, because each SA's
     * attachment still holds the previous ESP revision's {@code EspSaState}, which the new revision does not recognise
     * ({@code EspTransform.stateOf} returns null for a foreign attachment). Needs {@code stateOf} to replace a foreign
     * attachment with a fresh state (compare-and-set) and close the old one, which zeroes its keys.
     */
    @Test
    public void updateOfTheEspBundleUnderTraffic() throws Exception {
        updateUnderTraffic(Container.ESP, Set.of());
    }
}
