package org.ipsec4j.sad;

import static org.ipsec4j.sad.Sas.esp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ipsec4j.api.event.SadbEvents;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaState;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

class SadComponentTest {
    private static final class FakeEventAdmin implements EventAdmin {
        final List<Event> posted = new CopyOnWriteArrayList<>();

        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            throw new AssertionError("the SAD posts asynchronously");
        }
    }

    @Test
    void eventsGoToEventAdminWithoutKeysAndDeactivationZeroesKeys() {
        SadComponent sad = new SadComponent(name -> null);
        try {
            sad.add(esp("10.0.0.1", "10.0.0.2", 1).build()); // no EventAdmin yet: nothing to post to
            FakeEventAdmin ea = new FakeEventAdmin();
            sad.eventAdmin = ea;
            SecurityAssociation sa = esp("10.0.0.1", "10.0.0.2", 2).build();
            SaEntry e = sad.add(sa);
            sad.delete(sa.id());
            assertEquals(List.of(SadbEvents.TOPIC_ADD, SadbEvents.TOPIC_DELETE),
                    ea.posted.stream().map(Event::getTopic).toList());
            Event add = ea.posted.get(0);
            assertEquals(2L, add.getProperty(SadbEvents.SPI));
            assertEquals("10.0.0.2", add.getProperty(SadbEvents.DESTINATION));
            for (String name : add.getPropertyNames()) {
                Object v = add.getProperty(name);
                assertFalse(v instanceof byte[], name + " carries bytes");
                assertFalse(String.valueOf(v).contains("1111"), name + " looks like key material: " + v);
            }
            assertEquals(SaState.DEAD, e.state());
        } finally {
            SecurityAssociation remaining = sad.dump().get(0).sa();
            sad.deactivate();
            assertTrue(remaining.encryption().orElseThrow().isDestroyed());
        }
    }
}
