package org.ipsec4j.spd;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects published events. */
final class RecordingSink implements SpdEventSink {
    record Published(String topic, Map<String, Object> properties) {
    }

    final List<Published> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String topic, Map<String, Object> properties) {
        events.add(new Published(topic, Map.copyOf(properties)));
    }

    List<String> topics() {
        return events.stream().map(Published::topic).toList();
    }

    Published last() {
        return events.get(events.size() - 1);
    }
}
