package org.ipsec4j.algorithms.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;

/**
 * What ConfigAdmin says about a provider bundle's algorithms, parsed from its configuration properties:
 * <ul>
 * <li>{@code ranking.<algorithm> = <integer>}: the {@code service.ranking} of that algorithm's service, overriding
 * the default (an alias works too; {@code ranking.null} applies to both null algorithms);</li>
 * <li>{@code disabled = <algorithm>, ...}: algorithms the bundle does not offer at all.</li>
 * </ul>
 * Names the provider does not offer and values that are not integers are left out, each with a warning to log: a
 * typo in a configuration file must not stop the other algorithms.
 */
public final class ProviderSettings {
    public static final String RANKING_PREFIX = "ranking.";
    public static final String DISABLED = "disabled";

    private final Map<String, Integer> rankings;
    private final Set<String> disabled;
    private final List<String> warnings;

    private ProviderSettings(Map<String, Integer> rankings, Set<String> disabled, List<String> warnings) {
        this.rankings = Map.copyOf(rankings);
        this.disabled = Set.copyOf(disabled);
        this.warnings = List.copyOf(warnings);
    }

    /** No configuration: every algorithm offered at its default ranking. */
    public static ProviderSettings defaults() {
        return new ProviderSettings(Map.of(), Set.of(), List.of());
    }

    /** Reads the settings from configuration {@code properties} for a provider of the {@code offered} algorithms. */
    public static ProviderSettings parse(Map<String, ?> properties, Collection<AlgorithmDescriptor> offered) {
        Map<String, String> canonical = new HashMap<>();
        for (AlgorithmDescriptor d : offered) {
            canonical.put(d.name(), d.name());
            d.aliases().forEach(a -> canonical.putIfAbsent(a, d.name()));
        }
        Map<String, Integer> rankings = new HashMap<>();
        Set<String> disabled = new LinkedHashSet<>();
        List<String> warnings = new ArrayList<>();
        properties.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String key = e.getKey();
            if (key.startsWith(RANKING_PREFIX)) {
                String name = key.substring(RANKING_PREFIX.length());
                String algorithm = canonical.get(name);
                Integer ranking = toInt(e.getValue());
                if (algorithm == null) {
                    warnings.add(key + ": this provider offers no algorithm " + name);
                } else if (ranking == null) {
                    warnings.add(key + ": not an integer: " + e.getValue());
                } else {
                    rankings.put(algorithm, ranking);
                }
            } else if (key.equals(DISABLED)) {
                for (String name : names(e.getValue())) {
                    String algorithm = canonical.get(name);
                    if (algorithm == null) {
                        warnings.add(DISABLED + ": this provider offers no algorithm " + name);
                    } else {
                        disabled.add(algorithm);
                    }
                }
            }
        });
        return new ProviderSettings(rankings, disabled, warnings);
    }

    /** The ranking of the algorithm called {@code name} (canonical), or {@code defaultRanking}. */
    public int ranking(String name, int defaultRanking) {
        return rankings.getOrDefault(name, defaultRanking);
    }

    /** Whether the algorithm called {@code name} (canonical) is not to be offered. */
    public boolean disabled(String name) {
        return disabled.contains(name);
    }

    /** What was wrong with the configuration, one line per problem, in the order of the property names. */
    public List<String> warnings() {
        return warnings;
    }

    private static Integer toInt(Object value) {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Long || value instanceof Short || value instanceof Byte) {
            long l = ((Number) value).longValue();
            return l == (int) l ? (int) l : null;
        }
        if (value instanceof String s) {
            try {
                return Integer.valueOf(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** The names of a {@code disabled} value: a String (comma separated), a String[] or a Collection. */
    private static List<String> names(Object value) {
        List<String> raw = new ArrayList<>();
        if (value instanceof String s) {
            raw.addAll(List.of(s.split(",")));
        } else if (value instanceof String[] a) {
            raw.addAll(List.of(a));
        } else if (value instanceof Collection<?> c) {
            c.forEach(o -> raw.add(String.valueOf(o)));
        }
        List<String> out = new ArrayList<>();
        for (String r : raw) {
            if (!r.isBlank()) {
                out.add(r.trim());
            }
        }
        return out;
    }
}
