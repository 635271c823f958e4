package org.ipsec4j.algorithms.testing;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A BundleContext that records service registrations, gives each a {@code service.id} as the framework does, and
 * tells an optional {@link Listener} (a stand-in for a DS reference) of every change. Every other method fails.
 */
public final class FakeBundleContext {
    /** Told of registrations, property changes and unregistrations, with the service's current properties. */
    public interface Listener {
        void registered(Object service, Map<String, Object> properties);

        void modified(Object service, Map<String, Object> properties);

        void unregistered(Object service, Map<String, Object> properties);
    }

    /** One registered service: its object, its current properties and whether it is still registered. */
    public static final class Registration {
        public final Object service;
        public final long serviceId;
        public Map<String, Object> properties;
        public boolean unregistered;
        public int modifications;

        Registration(Object service, long serviceId, Dictionary<String, ?> props) {
            this.service = service;
            this.serviceId = serviceId;
            this.properties = copy(props, serviceId);
        }
    }

    private static long nextServiceId = 1;

    public final List<Registration> registrations = new ArrayList<>();
    private final Listener listener;
    public final BundleContext context;

    public FakeBundleContext() {
        this(null);
    }

    public FakeBundleContext(Listener listener) {
        this.listener = listener;
        this.context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args[0] instanceof Class<?>) {
                        @SuppressWarnings("unchecked")
                        Registration r = new Registration(args[1], nextId(), (Dictionary<String, ?>) args[2]);
                        registrations.add(r);
                        if (listener != null) {
                            listener.registered(r.service, r.properties);
                        }
                        return registration(r);
                    }
                    throw new UnsupportedOperationException(method.toString());
                });
    }

    private static synchronized long nextId() {
        return nextServiceId++;
    }

    /** The live registrations as {@code name@provider -> ranking}. */
    public Map<String, Object> live() {
        Map<String, Object> out = new HashMap<>();
        for (Registration r : registrations) {
            if (!r.unregistered) {
                out.put(r.properties.get("ipsec4j.algorithm") + "@" + r.properties.get("ipsec4j.provider"),
                        r.properties.get("service.ranking"));
            }
        }
        return out;
    }

    private ServiceRegistration<?> registration(Registration r) {
        return (ServiceRegistration<?>) Proxy.newProxyInstance(FakeBundleContext.class.getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "unregister" -> {
                            if (r.unregistered) {
                                throw new IllegalStateException("already unregistered");
                            }
                            r.unregistered = true;
                            if (listener != null) {
                                listener.unregistered(r.service, r.properties);
                            }
                            return null;
                        }
                        case "setProperties" -> {
                            @SuppressWarnings("unchecked")
                            Dictionary<String, ?> d = (Dictionary<String, ?>) args[0];
                            r.properties = copy(d, r.serviceId);
                            r.modifications++;
                            if (listener != null) {
                                listener.modified(r.service, r.properties);
                            }
                            return null;
                        }
                        default -> throw new UnsupportedOperationException(method.toString());
                    }
                });
    }

    private static Map<String, Object> copy(Dictionary<String, ?> d, long serviceId) {
        Map<String, Object> m = new HashMap<>();
        for (String k : Collections.list(d.keys())) {
            m.put(k, d.get(k));
        }
        m.put("service.id", serviceId);
        return Map.copyOf(m);
    }
}
