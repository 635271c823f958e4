package org.ipsec4j.spd;

import java.util.Map;

/**
 * Where a {@link PolicyTable} sends its events: a topic of {@link org.ipsec4j.api.event.SadbEvents} ({@code
 * TOPIC_SPD_*}) and the event's properties. The OSGi component maps this to EventAdmin's {@code postEvent}; tests
 * collect the events. Called after the table's writer lock was released; it must not block.
 */
@FunctionalInterface
public interface SpdEventSink {
    /** Discards every event. */
    SpdEventSink NONE = (topic, properties) -> { };

    void publish(String topic, Map<String, Object> properties);
}
