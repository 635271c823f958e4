package org.ipsec4j.setkey.command;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.ipsec4j.api.event.SadbEvents;
import org.ipsec4j.setkey.monitor.SadbEvent;
import org.ipsec4j.setkey.monitor.SadbEventSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * SAD and SPD events from EventAdmin: each subscription is an {@link EventHandler} service for the topics
 * {@code org/ipsec4j/sadb/*} and {@code org/ipsec4j/spd/*}, registered while the subscription lasts (EventAdmin's
 * whiteboard), so a {@code setkey -x} that ended leaves nothing behind.
 */
final class EventAdminSource implements SadbEventSource {
    /** The topics a subscription receives. */
    static final String[] TOPICS = {SadbEvents.SAD_TOPIC_PREFIX + "*", SadbEvents.SPD_TOPIC_PREFIX + "*"};

    private final BundleContext context;

    EventAdminSource(BundleContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Subscription subscribe(Consumer<SadbEvent> listener) {
        EventHandler handler = event -> {
            Map<String, Object> properties = new HashMap<>();
            for (String name : event.getPropertyNames()) {
                if (!name.equals(EventConstants.EVENT_TOPIC)) {
                    properties.put(name, event.getProperty(name));
                }
            }
            listener.accept(new SadbEvent(event.getTopic(), properties));
        };
        ServiceRegistration<EventHandler> registration = context.registerService(EventHandler.class, handler,
                FrameworkUtil.asDictionary(Map.of(EventConstants.EVENT_TOPIC, TOPICS)));
        return () -> {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle stopped first
            }
        };
    }
}
