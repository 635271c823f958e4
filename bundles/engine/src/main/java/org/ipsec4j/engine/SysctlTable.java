package org.ipsec4j.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.ipsec4j.engine.admin.Sysctl;
import org.ipsec4j.engine.admin.SysctlValue;

/**
 * The {@link Sysctl} logic over {@link EngineSettings}, free of OSGi: lists, reads and sets MIBs with sysctl(8)'s
 * messages, and applies a whole configuration (missing keys take their defaults, bad values keep their defaults and
 * are reported). A set value is handed to a store (ConfigAdmin in the gateway) after it was applied.
 */
public final class SysctlTable implements Sysctl {
    private final EngineSettings settings;
    private final BiConsumer<String, Integer> store;

    /**
     * @param settings the settings the engine reads
     * @param store    called with each value {@link #set} applied (name, value), to record it
     */
    public SysctlTable(EngineSettings settings, BiConsumer<String, Integer> store) {
        this.settings = settings;
        this.store = store;
    }

    public EngineSettings settings() {
        return settings;
    }

    @Override
    public List<SysctlValue> list() {
        List<SysctlValue> out = new ArrayList<>();
        for (Mib m : Mib.values()) out.add(value(m));
        return out;
    }

    @Override
    public Optional<SysctlValue> get(String name) {
        return Mib.byName(name).map(this::value);
    }

    @Override
    public SysctlValue set(String name, String value) {
        Mib m = mib(name);
        settings.set(m, parse(value));
        store.accept(m.mibName(), settings.get(m));
        return value(m);
    }

    /**
     * Applies a configuration: each MIB gets its value from {@code config} (a number or its text), or its default
     * when absent. Keys that are no MIB are ignored (ConfigAdmin's own, e.g. {@code service.pid}). Returns the
     * problems found, one message each; those MIBs get their defaults.
     */
    public List<String> apply(Map<String, ?> config) {
        List<String> problems = new ArrayList<>();
        for (Mib m : Mib.values()) {
            Object v = config.get(m.mibName());
            int value = m.defaultValue();
            if (v != null) {
                try {
                    value = m.check(v instanceof Number n ? n.intValue() : parse(v.toString()));
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
            settings.set(m, value);
        }
        for (String key : config.keySet()) {
            if (key.startsWith("net.") && Mib.byName(key).isEmpty()) problems.add("sysctl: unknown oid '" + key + "'");
        }
        return problems;
    }

    private static Mib mib(String name) {
        return Mib.byName(name.trim()).orElseThrow(() -> new IllegalArgumentException("sysctl: unknown oid '" + name.trim() + "'"));
    }

    private static int parse(String text) {
        String t = text.trim();
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sysctl: invalid integer '" + t + "'");
        }
    }

    private SysctlValue value(Mib m) {
        return new SysctlValue(m.mibName(), settings.get(m), m.min(), m.max(), m.defaultValue(), m.description());
    }
}
