package org.ipsec4j.setkey.monitor;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.ipsec4j.api.event.SadbEvents;

/**
 * One SAD or SPD change as the gateway announced it: an EventAdmin topic of {@link SadbEvents} and the event's
 * properties (which never hold keys).
 *
 * @param topic      e.g. {@code org/ipsec4j/sadb/ADD}
 * @param properties the event's properties, copied
 */
public record SadbEvent(String topic, Map<String, Object> properties) {
    public SadbEvent {
        Objects.requireNonNull(topic, "topic");
        properties = Collections.unmodifiableMap(new HashMap<>(properties));
    }

    /** The property {@code name} as text, or null when it is missing. */
    public String text(String name) {
        Object v = properties.get(name);
        return v == null ? null : v.toString();
    }

    /** The property {@code name} as a number, or {@code otherwise} when it is missing or not a number. */
    public long number(String name, long otherwise) {
        Object v = properties.get(name);
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }
        return otherwise;
    }

    /** {@link SadbEvents#TIMESTAMP}, or {@code otherwise} when the event has none. */
    public long timestamp(long otherwise) {
        return number(SadbEvents.TIMESTAMP, otherwise);
    }

    /** Whether this is an SPD event. */
    public boolean isPolicyEvent() {
        return topic.startsWith(SadbEvents.SPD_TOPIC_PREFIX);
    }
}
