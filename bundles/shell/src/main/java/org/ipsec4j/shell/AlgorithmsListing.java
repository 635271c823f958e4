package org.ipsec4j.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;

/**
 * The logic of the {@code ipsec:algorithms} command, free of Gogo: a table of every algorithm offered right now, one line
 * per provider of it, with the provider's {@code service.ranking} and a {@code *} on the provider the
 * {@link AlgorithmRegistry} prefers, the one new and re-bound SAs use:
 *
 * <pre>
 * ALGORITHM          KIND         PROVIDER  RANKING  ACTIVE  ALIASES
 * aes-gcm-16         aead         jce           200  *
 * aes-gcm-16         aead         bc            100
 * </pre>
 *
 * Lines are ordered by kind (encryption, integrity, aead, compression), name, then the registry's preference (highest
 * ranking first). The active provider is the one {@link AlgorithmRegistry#find} answers, so the column shows the
 * registry's view even while a ranking change is on its way. Plain Java, unit-tested with fakes.
 */
public final class AlgorithmsListing {
    /** The header line of the table. */
    static final String HEADER = row("ALGORITHM", "KIND", "PROVIDER", "RANKING", "ACTIVE", "ALIASES");

    /** One provider of one algorithm and its current {@code service.ranking}. */
    public record Offer(AlgorithmProvider provider, int ranking) {
        public Offer {
            Objects.requireNonNull(provider, "provider");
        }
    }

    private final AlgorithmRegistry registry;

    /** Creates the listing over the registry that decides which provider is active. */
    public AlgorithmsListing(AlgorithmRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * The table of {@code offers}, restricted to the algorithms that answer to {@code name} (a name or an alias, of any
     * kind) unless it is null. Ends with a line feed; {@code "No algorithms.\n"} when nothing is offered at all.
     *
     * @throws IllegalArgumentException when {@code name} is given and no provider offers an algorithm of that name
     */
    public String format(List<Offer> offers, String name) {
        List<Offer> shown = new ArrayList<>();
        for (Offer o : offers) {
            if (name == null || o.provider().descriptor().answersTo(name)) {
                shown.add(o);
            }
        }
        if (shown.isEmpty()) {
            if (name != null) {
                throw new IllegalArgumentException("no provider offers an algorithm called \"" + name + "\"");
            }
            return "No algorithms.\n";
        }
        shown.sort(Comparator.<Offer, AlgorithmKind>comparing(o -> o.provider().descriptor().kind())
                .thenComparing(o -> o.provider().descriptor().name())
                .thenComparing(Comparator.comparingInt(Offer::ranking).reversed())
                .thenComparing(o -> o.provider().providerName()));
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        String previous = null;
        for (Offer o : shown) {
            AlgorithmDescriptor d = o.provider().descriptor();
            String key = d.kind() + "/" + d.name();
            boolean first = !key.equals(previous);
            previous = key;
            sb.append(row(d.name(), kindName(d.kind()), o.provider().providerName(), Integer.toString(o.ranking()),
                    isActive(o) ? "*" : "", first ? String.join(",", d.aliases()) : "")).append('\n');
        }
        return sb.toString();
    }

    /**
     * Whether the registry prefers this offer now: the provider it finds for the algorithm is this one (the same
     * service object, or one of the same provider name, as providers register one service per algorithm).
     */
    private boolean isActive(Offer o) {
        AlgorithmDescriptor d = o.provider().descriptor();
        Optional<AlgorithmProvider> active = registry.find(d.kind(), d.name());
        return active.isPresent() && (active.get() == o.provider()
                || active.get().providerName().equals(o.provider().providerName()));
    }

    static String kindName(AlgorithmKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static String row(String algorithm, String kind, String provider, String ranking, String active,
            String aliases) {
        String line = String.format(Locale.ROOT, "%-18s %-12s %-9s %7s  %-6s  %s", algorithm, kind, provider, ranking,
                active, aliases);
        return line.stripTrailing();
    }
}
