package org.ipsec4j.sad;

import static org.ipsec4j.sad.Sas.bytes;
import static org.ipsec4j.sad.Sas.esp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ipsec4j.api.event.SadbEvents;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.Lifetime;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SaState;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.junit.jupiter.api.Test;

class LifetimeTest {
    private final TestClock clock = new TestClock(1_700_000_000_000L);
    private final RecordingSink sink = new RecordingSink();
    private final SaTable table = new SaTable(clock, sink);

    private List<Map<String, Object>> expires() {
        return sink.events.stream().filter(e -> e.topic().equals(SadbEvents.TOPIC_EXPIRE))
                .map(RecordingSink.Published::properties).toList();
    }

    @Test
    void softThenHardTimeLifetime() {
        SecurityAssociation sa = esp("10.0.0.1", "10.0.0.2", 1).softLifetime(new Lifetime(80, 0))
                .hardLifetime(new Lifetime(100, 0)).build();
        SaEntry e = table.add(sa);
        clock.advanceSeconds(79);
        assertEquals(0, table.expireLifetimes());
        assertEquals(SaState.MATURE, e.state());
        clock.advanceSeconds(1);
        assertEquals(1, table.expireLifetimes());
        assertEquals(SaState.DYING, e.state());
        assertEquals(0, table.expireLifetimes(), "soft expiry fires once");
        assertEquals(1, expires().size());
        assertEquals("soft", expires().get(0).get(SadbEvents.EXPIRE_KIND));
        assertEquals("time", expires().get(0).get(SadbEvents.EXPIRE_CAUSE));
        assertEquals(1L, expires().get(0).get(SadbEvents.SPI));
        assertSame(e, table.lookupInbound(bytes("10.0.0.2"), 0, 4, 50, 1), "a dying SA still takes input");

        clock.advanceSeconds(20);
        assertEquals(1, table.expireLifetimes());
        assertEquals(SaState.DEAD, e.state());
        assertTrue(sa.encryption().orElseThrow().isDestroyed());
        assertEquals(0, table.size());
        assertNull(table.lookupInbound(bytes("10.0.0.2"), 0, 4, 50, 1));
        assertEquals("hard", expires().get(1).get(SadbEvents.EXPIRE_KIND));
        assertEquals("time", expires().get(1).get(SadbEvents.EXPIRE_CAUSE));
        assertTrue(sink.topics().stream().noneMatch(SadbEvents.TOPIC_DELETE::equals));
    }

    @Test
    void hardWithoutSoftExpiresDirectly() {
        SaEntry e = table.add(esp("10.0.0.1", "10.0.0.2", 1).hardLifetime(new Lifetime(10, 0)).build());
        clock.advanceSeconds(10);
        assertEquals(1, table.expireLifetimes());
        assertEquals(SaState.DEAD, e.state());
        assertEquals(List.of("hard"), expires().stream().map(p -> p.get(SadbEvents.EXPIRE_KIND)).toList());
    }

    @Test
    void byteLifetimesAreChargedByInputAndOutput() {
        SecurityAssociation sa = esp("10.0.0.1", "10.0.0.2", 1).softLifetime(new Lifetime(0, 1000))
                .hardLifetime(new Lifetime(0, 2000)).build();
        SaEntry e = table.add(sa);
        e.recordOutput(999);
        assertEquals(SaState.MATURE, e.state());
        e.recordInput(1);
        assertEquals(SaState.DYING, e.state());
        e.recordInput(500);
        assertEquals(1, expires().size(), "soft fires once");
        assertEquals("bytes", expires().get(0).get(SadbEvents.EXPIRE_CAUSE));
        e.recordOutput(499);
        assertEquals(SaState.DYING, e.state());
        e.recordOutput(1);
        assertEquals(SaState.DEAD, e.state());
        assertEquals(0, table.size());
        assertTrue(sa.authentication().orElseThrow().isDestroyed());
        e.recordOutput(1);
        assertEquals(List.of("soft", "hard"), expires().stream().map(p -> p.get(SadbEvents.EXPIRE_KIND)).toList());
        assertEquals("bytes", expires().get(1).get(SadbEvents.EXPIRE_CAUSE));
        assertEquals(2001, e.counters().bytes());
    }

    @Test
    void dyingSaLosesOutboundToAMatureOne() {
        table.add(esp("10.0.0.1", "10.0.0.2", 1).softLifetime(new Lifetime(0, 10)).build());
        SaEntry older = table.add(esp("10.0.0.1", "10.0.0.2", 2).build());
        SaEntry newest = table.lookupOutbound(SaProtocol.ESP, IpsecMode.TRANSPORT, bytes("10.0.0.1"), 0,
                bytes("10.0.0.2"), 0, 4, 0);
        assertSame(older, newest, "spi 2 is the newest");
        SaEntry third = table.add(esp("10.0.0.1", "10.0.0.2", 3).softLifetime(new Lifetime(0, 10)).build());
        third.recordOutput(10);
        assertEquals(SaState.DYING, third.state());
        assertSame(older, table.lookupOutbound(SaProtocol.ESP, IpsecMode.TRANSPORT, bytes("10.0.0.1"), 0,
                bytes("10.0.0.2"), 0, 4, 0));
    }

    @Test
    void updateRevivesADyingSaAndLifetimesStillCountFromTheAdd() {
        SecurityAssociation sa = esp("10.0.0.1", "10.0.0.2", 1).softLifetime(new Lifetime(10, 0)).build();
        SaEntry e = table.add(sa);
        clock.advanceSeconds(10);
        table.expireLifetimes();
        assertEquals(SaState.DYING, e.state());
        table.update(sa.toBuilder().softLifetime(new Lifetime(60, 0)).hardLifetime(new Lifetime(90, 0)).build());
        assertEquals(SaState.MATURE, e.state());
        clock.advanceSeconds(50);
        assertEquals(1, table.expireLifetimes());
        assertEquals(SaState.DYING, e.state());
        clock.advanceSeconds(30);
        assertEquals(1, table.expireLifetimes());
        assertEquals(SaState.DEAD, e.state());
    }

    @Test
    void updateToALifetimeAlreadyUsedUpExpiresAtOnce() {
        SecurityAssociation sa = esp("10.0.0.1", "10.0.0.2", 1).build();
        SaEntry e = table.add(sa);
        e.recordOutput(5000);
        table.update(sa.toBuilder().hardLifetime(new Lifetime(0, 4000)).build());
        assertEquals(SaState.DEAD, e.state());
        assertEquals(List.of(SadbEvents.TOPIC_ADD, SadbEvents.TOPIC_UPDATE, SadbEvents.TOPIC_EXPIRE), sink.topics());
    }

    @Test
    void expiryTimerAppliesTimeLifetimesOnItsOwnThread() throws InterruptedException {
        SaEntry e = table.add(esp("10.0.0.1", "10.0.0.2", 1).hardLifetime(new Lifetime(5, 0)).build());
        clock.advanceSeconds(5);
        try (ExpiryTimer timer = new ExpiryTimer(table, Duration.ofMillis(10))) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (e.state() != SaState.DEAD && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        assertEquals(SaState.DEAD, e.state());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("ipsec4j-sad-lifetimes") && t.isAlive()
                        && t.getState() != Thread.State.TERMINATED),
                "the timer thread stops on close");
    }

    @Test
    void staggeredSasExpireEachAtItsOwnTime() {
        SaEntry a = table.add(esp("10.0.0.1", "10.0.0.2", 1).hardLifetime(new Lifetime(100, 0)).build());
        clock.advanceSeconds(50);
        SaEntry b = table.add(esp("10.0.0.1", "10.0.0.2", 2).softLifetime(new Lifetime(30, 0))
                .hardLifetime(new Lifetime(100, 0)).build());
        SaEntry forever = table.add(esp("10.0.0.1", "10.0.0.2", 3).build());
        clock.advanceSeconds(29);
        assertEquals(0, table.expireLifetimes());
        clock.advanceSeconds(1); // t = 80: b soft
        assertEquals(1, table.expireLifetimes());
        assertEquals(SaState.DYING, b.state());
        clock.advanceSeconds(20); // t = 100: a hard
        assertEquals(1, table.expireLifetimes());
        assertEquals(SaState.DEAD, a.state());
        assertEquals(SaState.DYING, b.state());
        clock.advanceSeconds(49);
        assertEquals(0, table.expireLifetimes());
        clock.advanceSeconds(1); // t = 150: b hard
        assertEquals(1, table.expireLifetimes());
        assertEquals(SaState.DEAD, b.state());
        clock.advanceSeconds(1_000_000);
        assertEquals(0, table.expireLifetimes());
        assertEquals(SaState.MATURE, forever.state());
        assertEquals(List.of("soft", "hard", "hard"),
                expires().stream().map(p -> p.get(SadbEvents.EXPIRE_KIND)).toList());
    }
}
