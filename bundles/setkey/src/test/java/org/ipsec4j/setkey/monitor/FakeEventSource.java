package org.ipsec4j.setkey.monitor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An event source for tests: what is {@link #publish}ed goes to every open subscription, on the publishing thread,
 * as EventAdmin's whiteboard would deliver it. It also serves as the event sink of the SAD and SPD tables.
 */
public final class FakeEventSource implements SadbEventSource {
    private final List<Consumer<SadbEvent>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public Subscription subscribe(Consumer<SadbEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Delivers one event to every subscriber. */
    public void publish(String topic, Map<String, Object> properties) {
        SadbEvent event = new SadbEvent(topic, properties);
        for (Consumer<SadbEvent> l : listeners) {
            l.accept(event);
        }
    }

    /** How many subscriptions are open. */
    public int subscribers() {
        return listeners.size();
    }

    /** Waits until {@code n} subscriptions are open. */
    public void awaitSubscribers(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (listeners.size() != n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " subscribers, have " + listeners.size());
            }
            Thread.sleep(5);
        }
    }
}
