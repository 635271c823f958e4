package org.ipsec4j.sad;

import java.util.Map;

/**
 * Where an {@link SaTable} sends its events: a topic of {@link org.ipsec4j.api.event.SadbEvents} and the event's
 * properties (never keys). The OSGi component maps this to EventAdmin's {@code postEvent}; tests collect the events.
 * Called after the table's writer lock was released, or from a data-path thread when a byte lifetime runs out; it must
 * not block.
 */
@FunctionalInterface
public interface SadEventSink {
    /** Discards every event. */
    SadEventSink NONE = (topic, properties) -> { };

    void publish(String topic, Map<String, Object> properties);
}
