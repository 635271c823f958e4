package org.ipsec4j.setkey.monitor;

import java.util.function.Consumer;

/**
 * Where {@code setkey -x} gets SAD and SPD events from: in the gateway, EventAdmin (topics {@code org/ipsec4j/sadb/*}
 * and {@code org/ipsec4j/spd/*}); in tests, whatever the test feeds it.
 */
@FunctionalInterface
public interface SadbEventSource {
    /**
     * Delivers every SAD and SPD event from now on to {@code listener} (on any thread, one event at a time per
     * thread) until the returned subscription is closed. The listener must return quickly.
     */
    Subscription subscribe(Consumer<SadbEvent> listener);

    /** A running subscription; closing it stops the delivery. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
