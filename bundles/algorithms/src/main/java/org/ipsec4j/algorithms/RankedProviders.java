package org.ipsec4j.algorithms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;

/**
 * The algorithm providers known at a time, ordered per algorithm name: highest ranking first, and among equal rankings
 * the lowest service id (the oldest registration), as OSGi orders services. Plain Java, no OSGi types: the table of
 * the registry component, and an {@link AlgorithmRegistry} of its own for code without a framework ({@link #of}).
 *
 * <p>Threading: changes take a lock and publish a new immutable {@link Snapshot}, which carries its generation, through
 * one volatile field. A reader that reads the same generation before and after a lookup has therefore looked at that
 * generation's table, neither an older nor a newer one; lookups never lock.
 */
public final class RankedProviders implements AlgorithmRegistry {
    private static final Comparator<Entry> PREFERRED_FIRST =
            Comparator.comparingInt(Entry::ranking).reversed().thenComparingLong(Entry::serviceId);

    /** One registered provider with what ranks it. */
    public record Entry(AlgorithmProvider provider, long serviceId, int ranking) {
    }

    /**
     * A registry of {@code providers} at equal rankings, so that of several providers of one algorithm the first
     * listed wins: e.g. {@code RankedProviders.of(JceProviders.all())}.
     */
    public static RankedProviders of(List<? extends AlgorithmProvider> providers) {
        RankedProviders r = new RankedProviders();
        long serviceId = 1;
        for (AlgorithmProvider p : providers) {
            r.add(p, serviceId++, 0);
        }
        return r;
    }

    private final Object lock = new Object();
    /** All providers by service id; guarded by {@link #lock}. */
    private final Map<Long, Entry> byServiceId = new HashMap<>();
    private volatile Snapshot snapshot = Snapshot.of(List.of(), 0);

    /** Adds (or replaces) the provider registered under {@code serviceId}. */
    public void add(AlgorithmProvider provider, long serviceId, int ranking) {
        synchronized (lock) {
            byServiceId.put(serviceId, new Entry(provider, serviceId, ranking));
            publish();
        }
    }

    /**
     * Records a new ranking for the provider registered under {@code serviceId}. Returns whether anything changed (an
     * unknown id or the same ranking change nothing, and leave the generation alone).
     */
    public boolean rerank(long serviceId, int ranking) {
        synchronized (lock) {
            Entry e = byServiceId.get(serviceId);
            if (e == null || e.ranking() == ranking) {
                return false;
            }
            byServiceId.put(serviceId, new Entry(e.provider(), serviceId, ranking));
            publish();
            return true;
        }
    }

    /** Removes the provider registered under {@code serviceId}; returns whether it was known. */
    public boolean remove(long serviceId) {
        synchronized (lock) {
            if (byServiceId.remove(serviceId) == null) {
                return false;
            }
            publish();
            return true;
        }
    }

    /** The preferred provider of the algorithm of {@code kind} that answers to {@code name}. */
    @Override
    public Optional<AlgorithmProvider> find(AlgorithmKind kind, String name) {
        List<Entry> candidates = snapshot.byKindAndName.get(kind).get(name);
        return candidates == null ? Optional.empty() : Optional.of(candidates.get(0).provider());
    }

    /** The providers of the algorithm of {@code kind} called {@code name}, preferred first (empty if none). */
    public List<Entry> candidates(AlgorithmKind kind, String name) {
        List<Entry> candidates = snapshot.byKindAndName.get(kind).get(name);
        return candidates == null ? List.of() : candidates;
    }

    /** Every provider, grouped by kind and canonical name in alphabetical order, the preferred one of each first. */
    @Override
    public List<AlgorithmProvider> all() {
        return snapshot.all;
    }

    @Override
    public long generation() {
        return snapshot.generation;
    }

    private void publish() {
        snapshot = Snapshot.of(new ArrayList<>(byServiceId.values()), snapshot.generation + 1); // under the lock
    }

    /** An immutable view of the providers: lookup tables per kind and name or alias, and the full list. */
    private static final class Snapshot {
        final Map<AlgorithmKind, Map<String, List<Entry>>> byKindAndName;
        final List<AlgorithmProvider> all;
        /** Counts the changes: each published snapshot has the next number. */
        final long generation;

        private Snapshot(Map<AlgorithmKind, Map<String, List<Entry>>> byKindAndName, List<AlgorithmProvider> all,
                long generation) {
            this.byKindAndName = byKindAndName;
            this.all = all;
            this.generation = generation;
        }

        static Snapshot of(List<Entry> entries, long generation) {
            List<Entry> sorted = new ArrayList<>(entries);
            sorted.sort(PREFERRED_FIRST);
            Map<AlgorithmKind, Map<String, List<Entry>>> byName = new EnumMap<>(AlgorithmKind.class);
            Map<AlgorithmKind, Map<String, List<AlgorithmProvider>>> byCanonical = new EnumMap<>(AlgorithmKind.class);
            for (AlgorithmKind k : AlgorithmKind.values()) {
                byName.put(k, new HashMap<>());
                byCanonical.put(k, new TreeMap<>());
            }
            for (Entry e : sorted) {
                AlgorithmDescriptor d = e.provider().descriptor();
                Map<String, List<Entry>> names = byName.get(d.kind());
                names.computeIfAbsent(d.name(), n -> new ArrayList<>()).add(e);
                for (String alias : d.aliases()) {
                    if (!alias.equals(d.name())) {
                        names.computeIfAbsent(alias, n -> new ArrayList<>()).add(e);
                    }
                }
                byCanonical.get(d.kind()).computeIfAbsent(d.name(), n -> new ArrayList<>()).add(e.provider());
            }
            Map<AlgorithmKind, Map<String, List<Entry>>> frozen = new EnumMap<>(AlgorithmKind.class);
            byName.forEach((k, names) -> {
                Map<String, List<Entry>> f = new HashMap<>();
                names.forEach((n, list) -> f.put(n, List.copyOf(list)));
                frozen.put(k, Map.copyOf(f));
            });
            List<AlgorithmProvider> all = new ArrayList<>();
            byCanonical.values().forEach(names -> names.values().forEach(all::addAll));
            return new Snapshot(frozen, List.copyOf(all), generation);
        }
    }
}
