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

/** A BundleContext that records service registrations; every other method fails the test. */
public final class FakeBundleContext {
    /** One registered service: its object, its current properties and whether it is still registered. */
    public static final class Registration {
        public final Object service;
        public Map<String, Object> properties;
        public boolean unregistered;
        public int modifications;

        Registration(Object service, Dictionary<String, ?> props) {
            this.service = service;
            this.properties = copy(props);
        }
    }

    public final List<Registration> registrations = new ArrayList<>();
    public final BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                if (method.getName().equals("registerService") && args[0] instanceof Class<?>) {
                    @SuppressWarnings("unchecked")
                    Registration r = new Registration(args[1], (Dictionary<String, ?>) args[2]);
                    registrations.add(r);
                    return registration(r);
                }
                throw new UnsupportedOperationException(method.toString());
            });

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

    private static ServiceRegistration<?> registration(Registration r) {
        return (ServiceRegistration<?>) Proxy.newProxyInstance(FakeBundleContext.class.getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "unregister" -> {
                            if (r.unregistered) {
                                throw new IllegalStateException("already unregistered");
                            }
                            r.unregistered = true;
                            return null;
                        }
                        case "setProperties" -> {
                            @SuppressWarnings("unchecked")
                            Dictionary<String, ?> d = (Dictionary<String, ?>) args[0];
                            r.properties = copy(d);
                            r.modifications++;
                            return null;
                        }
                        default -> throw new UnsupportedOperationException(method.toString());
                    }
                });
    }

    private static Map<String, Object> copy(Dictionary<String, ?> d) {
        Map<String, Object> m = new HashMap<>();
        for (String k : Collections.list(d.keys())) {
            m.put(k, d.get(k));
        }
        return m;
    }
}
