package org.ipsec4j.io.memory;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.policy.IpPrefix;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * One in-memory port per factory configuration {@code org.ipsec4j.io.memory.link} (see docs/CONFIGURATION.md):
 * properties {@code name}, {@code link}, {@code addresses}, {@code mtu}, {@code role}, {@code queue}, {@code loss},
 * {@code corrupt}, {@code seed}. Registers the port as a {@link PacketPort} service with {@link PacketPort#NAME} and
 * {@link PacketPort#ROLE}; a bad configuration is refused with its reason (the component does not activate).
 */
@Component(configurationPid = MemoryLinkComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
public final class MemoryLinkComponent {
    /** The factory PID. */
    public static final String PID = "org.ipsec4j.io.memory.link";

    private final MemoryPort port;
    private final ServiceRegistration<PacketPort> registration;

    @Activate
    public MemoryLinkComponent(@Reference MemoryNetwork network, BundleContext context, Map<String, Object> config) {
        MemoryPortConfig c = parse(config);
        String linkName = string(config, "link", null);
        if (linkName == null || linkName.isBlank()) throw new IllegalArgumentException(PID + ": link is required");
        port = network.link(linkName).attach(c);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(PacketPort.NAME, c.name());
        props.put(PacketPort.ROLE, c.role());
        props.put("ipsec4j.port.type", "memory");
        props.put("ipsec4j.memory.link", linkName);
        registration = context.registerService(PacketPort.class, port, props);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
        port.link().detach(port);
    }

    /** The port's settings from a configuration; throws {@link IllegalArgumentException} naming what is wrong. */
    static MemoryPortConfig parse(Map<String, ?> config) {
        String name = string(config, "name", null);
        if (name == null || name.isBlank()) throw new IllegalArgumentException(PID + ": name is required");
        List<IpPrefix> addresses = prefixes(config.get("addresses"));
        int mtu = number(config, "mtu", MemoryPortConfig.DEFAULT_MTU);
        String role = string(config, "role", PacketPort.ROLE_NETWORK);
        int queue = number(config, "queue", MemoryPortConfig.DEFAULT_QUEUE);
        double loss = real(config, "loss", 0);
        double corrupt = real(config, "corrupt", 0);
        long seed = number(config, "seed", 1);
        return new MemoryPortConfig(name, addresses, mtu, role, queue, new Impairment(loss, corrupt, seed));
    }

    private static String string(Map<String, ?> c, String key, String dflt) {
        Object v = c.get(key);
        return v == null ? dflt : v.toString().trim();
    }

    private static int number(Map<String, ?> c, String key, int dflt) {
        Object v = c.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.intValue();
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PID + ": " + key + " is not a number: " + v);
        }
    }

    private static double real(Map<String, ?> c, String key, double dflt) {
        Object v = c.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.doubleValue();
        try {
            return Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PID + ": " + key + " is not a number: " + v);
        }
    }

    /** {@code addresses}: a comma-separated string or an array/collection of {@code addr/len}. */
    static List<IpPrefix> prefixes(Object v) {
        List<String> items = new ArrayList<>();
        if (v instanceof String[] a) {
            items.addAll(List.of(a));
        } else if (v instanceof Iterable<?> it) {
            it.forEach(o -> items.add(o.toString()));
        } else if (v != null) {
            items.add(v.toString());
        }
        List<IpPrefix> out = new ArrayList<>();
        for (String item : items) {
            for (String s : item.split(",")) {
                if (!s.isBlank()) out.add(Prefixes.parse(s.trim()));
            }
        }
        return out;
    }
}
