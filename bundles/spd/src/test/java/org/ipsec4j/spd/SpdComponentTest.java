package org.ipsec4j.spd;

import static org.ipsec4j.spd.Policies.policy;
import static org.ipsec4j.spd.Policies.sel;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ipsec4j.api.event.SadbEvents;
import org.ipsec4j.api.policy.Direction;
import org.ipsec4j.api.policy.PolicyAction;
import org.ipsec4j.api.policy.Selector;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

class SpdComponentTest {
    @Test
    void changesArePostedOnTheSpdTopics() {
        List<Event> posted = new CopyOnWriteArrayList<>();
        SpdComponent spd = new SpdComponent();
        spd.eventAdmin = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                posted.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                throw new AssertionError("the SPD posts asynchronously");
            }
        };
        Selector s = sel("10.1.0.0/16", "10.2.0.0/16", Selector.ANY_PROTOCOL);
        spd.add(policy(s, Direction.FWD, PolicyAction.NONE));
        spd.update(policy(s, Direction.FWD, PolicyAction.DISCARD));
        spd.delete(s, Direction.FWD);
        spd.flush();
        assertEquals(List.of(SadbEvents.TOPIC_SPD_ADD, SadbEvents.TOPIC_SPD_UPDATE, SadbEvents.TOPIC_SPD_DELETE,
                SadbEvents.TOPIC_SPD_FLUSH), posted.stream().map(Event::getTopic).toList());
        assertEquals("fwd", posted.get(1).getProperty(SadbEvents.DIRECTION));
        assertEquals(1L, posted.get(1).getProperty(SadbEvents.POLICY_ID));
        assertEquals(0, posted.get(3).getProperty(SadbEvents.COUNT));
    }
}
