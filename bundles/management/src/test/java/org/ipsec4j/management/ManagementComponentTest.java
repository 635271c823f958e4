package org.ipsec4j.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.ipsec4j.api.io.PortCounters;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.engine.admin.PortInfo;
import org.ipsec4j.sad.SaTable;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

/**
 * The component on the platform MBean server: SAD events as EventAdmin delivers them, the engine coming and going,
 * the periodic comparison, and nothing left after deactivation.
 */
class ManagementComponentTest {
    private static final MBeanServer PLATFORM = ManagementFactory.getPlatformMBeanServer();

    private static ManagementComponent.Config interval(int seconds) {
        return new ManagementComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ManagementComponent.Config.class;
            }

            @Override
            public int sync_interval() {
                return seconds;
            }
        };
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(10);
        }
    }

    @Test
    void followsEventsAndTheEngineAndCleansUp() throws Exception {
        List<Event> posted = new CopyOnWriteArrayList<>();
        SaTable sad = new SaTable((topic, properties) -> posted.add(new Event(topic, properties)));
        sad.add(SecurityAssociation.builder(InetAddress.getByName("10.1.1.1"), InetAddress.getByName("10.2.2.2"),
                SaProtocol.ESP, 9997).encryption(new AlgorithmKey("des-cbc", new byte[8])).build());
        ManagementComponent component = new ManagementComponent(interval(3600), sad);
        try {
            ObjectName before = new ObjectName("org.ipsec4j:type=SA,dst=10.2.2.2,proto=esp,spi=0x0000270d");
            await(() -> PLATFORM.isRegistered(before), "the comparison at start");
            sad.add(SecurityAssociation.builder(InetAddress.getByName("10.1.1.1"), InetAddress.getByName("10.2.2.2"),
                    SaProtocol.ESP, 9998).encryption(new AlgorithmKey("des-cbc", new byte[8])).build());
            ObjectName sa = new ObjectName("org.ipsec4j:type=SA,dst=10.2.2.2,proto=esp,spi=0x0000270e");
            Thread.sleep(100);
            assertFalse(PLATFORM.isRegistered(sa), "the next comparison is an hour away: only the event tells");
            posted.forEach(component::handleEvent);
            await(() -> PLATFORM.isRegistered(sa), "the SA MBean after its ADD event");
            assertEquals(9998L, PLATFORM.getAttribute(sa, "Spi"));

            FakeGatewayStatus engine = new FakeGatewayStatus();
            engine.ports = List.of(new PortInfo("tap0", "host", true, List.of(), 1400,
                    new PortCounters(1, 2, 3, 4, 5)));
            component.setStatus(engine);
            ObjectName port = new ObjectName("org.ipsec4j:type=Port,name=tap0");
            await(() -> PLATFORM.isRegistered(port), "the port MBean once the engine is there");
            assertEquals(4L, PLATFORM.getAttribute(port, "SentBytes"));
            component.unsetStatus(engine);
            await(() -> !PLATFORM.isRegistered(port), "no port MBean without the engine");

            posted.clear();
            sad.flush();
            posted.forEach(component::handleEvent);
            component.handleEvent(new Event("org/ipsec4j/sadb/ADD", Map.of("sa.destination", "not an address")));
            await(() -> !PLATFORM.isRegistered(sa) && !PLATFORM.isRegistered(before), "gone with the flush");
        } finally {
            component.deactivate();
        }
        assertEquals(0, PLATFORM.queryNames(new ObjectName("org.ipsec4j:*"), null).size());
    }

    @Test
    void theFirstComparisonRunsAtStart() throws Exception {
        SaTable sad = new SaTable();
        sad.add(SecurityAssociation.builder(InetAddress.getByName("10.1.1.1"), InetAddress.getByName("10.2.2.2"),
                SaProtocol.AH, 700).authentication(new AlgorithmKey("hmac-md5", new byte[16])).build());
        ManagementComponent component = new ManagementComponent(interval(3600), sad);
        try {
            ObjectName sa = new ObjectName("org.ipsec4j:type=SA,dst=10.2.2.2,proto=ah,spi=0x000002bc");
            await(() -> PLATFORM.isRegistered(sa), "an SA that was there before the component");
        } finally {
            component.deactivate();
        }
    }
}
