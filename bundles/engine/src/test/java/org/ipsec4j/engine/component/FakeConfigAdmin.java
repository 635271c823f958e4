package org.ipsec4j.engine.component;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A ConfigurationAdmin that keeps configurations in a map and answers only what the components use:
 * {@code getConfiguration(pid, location)}, and {@code getProperties()} / {@code update(props)} of a configuration.
 */
final class FakeConfigAdmin {
    final Map<String, Hashtable<String, Object>> store = new HashMap<>();
    int updates;

    ConfigurationAdmin admin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConfiguration")) return configuration((String) args[0]);
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private Configuration configuration(String pid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getProperties":
                            Hashtable<String, Object> p = store.get(pid);
                            return p == null ? null : new Hashtable<>(p);
                        case "update":
                            @SuppressWarnings("unchecked")
                            Dictionary<String, Object> d = (Dictionary<String, Object>) args[0];
                            Hashtable<String, Object> copy = new Hashtable<>();
                            for (var e = d.keys(); e.hasMoreElements(); ) {
                                String k = e.nextElement();
                                copy.put(k, d.get(k));
                            }
                            store.put(pid, copy);
                            updates++;
                            return null;
                        case "getPid":
                            return pid;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
