package org.ipsec4j.setkey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.KeySizes;
import org.ipsec4j.api.crypto.StandardAlgorithms;

/**
 * The algorithms the setkey(8) language knows: canonical name, aliases, kind and accepted key lengths. One table for
 * the parser (which checks names and key lengths), the printer and everyone else who needs setkey's view of an
 * algorithm. Encryption and combined-mode (AEAD) algorithms follow {@code -E}, integrity algorithms {@code -A},
 * compression algorithms {@code -C}.
 *
 * <p>The entries are those of {@link StandardAlgorithms}, in its order, which holds the names, aliases, kinds and key
 * lengths of every algorithm ipsec4j implements; this class adds only the names setkey accepts that no ipsec4j
 * provider implements: {@code tcp-md5} (RFC 2385, for {@code tcp} SAs) and the compression algorithms {@code lzs}
 * and {@code oui}, each where setkey(8) lists it.
 */
public final class SetkeyAlgorithms {

    /**
     * One algorithm of the setkey language.
     *
     * @param name     the canonical name, which goes into {@link org.ipsec4j.api.sa.AlgorithmKey#name()}
     * @param aliases  other names setkey accepts for it, e.g. {@code rijndael-cbc} for {@code aes-cbc}
     * @param kind     encryption, integrity, AEAD or compression
     * @param keySizes accepted key lengths in bits, {@link KeySizes#NONE} for algorithms without a key
     */
    public record Algorithm(String name, List<String> aliases, AlgorithmKind kind, KeySizes keySizes) {
        public Algorithm {
            Objects.requireNonNull(name, "name");
            aliases = List.copyOf(aliases);
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(keySizes, "keySizes");
        }

        /** setkey's view of a standard algorithm: its name, aliases, kind and key lengths. */
        public static Algorithm of(AlgorithmDescriptor d) {
            return new Algorithm(d.name(), d.aliases(), d.kind(), d.keySizes());
        }

        /** Whether this algorithm takes a key at all. */
        public boolean takesKey() {
            return !keySizes.equals(KeySizes.NONE);
        }

        /** Whether it answers to {@code n}, its name or an alias. */
        public boolean answersTo(String n) {
            return name.equals(n) || aliases.contains(n);
        }

        /** The setkey flag that introduces it: {@code -E}, {@code -A} or {@code -C}. */
        public String flag() {
            return switch (kind) {
                case ENCRYPTION, AEAD -> "-E";
                case INTEGRITY -> "-A";
                case COMPRESSION -> "-C";
            };
        }
    }

    /** The names only setkey knows, each after the standard algorithm that setkey(8) lists before it. */
    private static final Map<AlgorithmDescriptor, List<Algorithm>> SETKEY_ONLY_AFTER = Map.of(
            StandardAlgorithms.AES_CMAC,
            List.of(new Algorithm("tcp-md5", List.of(), AlgorithmKind.INTEGRITY, new KeySizes(8, 640, 8))),
            StandardAlgorithms.DEFLATE,
            List.of(new Algorithm("lzs", List.of(), AlgorithmKind.COMPRESSION, KeySizes.NONE),
                    new Algorithm("oui", List.of(), AlgorithmKind.COMPRESSION, KeySizes.NONE)));

    private static final List<Algorithm> ALL = table();

    private SetkeyAlgorithms() {
    }

    private static List<Algorithm> table() {
        List<Algorithm> out = new ArrayList<>();
        for (AlgorithmDescriptor d : StandardAlgorithms.all()) {
            out.add(Algorithm.of(d));
            out.addAll(SETKEY_ONLY_AFTER.getOrDefault(d, List.of()));
        }
        return List.copyOf(out);
    }

    /** Every algorithm, in the order setkey(8) lists them: encryption, combined mode, integrity, compression. */
    public static List<Algorithm> all() {
        return ALL;
    }

    /** The algorithms of the given kinds, in table order. */
    public static List<Algorithm> ofKind(AlgorithmKind... kinds) {
        List<AlgorithmKind> wanted = List.of(kinds);
        List<Algorithm> out = new ArrayList<>();
        for (Algorithm a : ALL) {
            if (wanted.contains(a.kind())) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    /** The {@code -E} algorithm (encryption or combined mode) called {@code name} or an alias of it. */
    public static Optional<Algorithm> encryption(String name) {
        return find(name, AlgorithmKind.ENCRYPTION, AlgorithmKind.AEAD);
    }

    /** The {@code -A} algorithm called {@code name} or an alias of it. */
    public static Optional<Algorithm> integrity(String name) {
        return find(name, AlgorithmKind.INTEGRITY);
    }

    /** The {@code -C} algorithm called {@code name} or an alias of it. */
    public static Optional<Algorithm> compression(String name) {
        return find(name, AlgorithmKind.COMPRESSION);
    }

    /**
     * The algorithm of one of {@code kinds} called {@code name} or an alias of it. {@code null} is both an encryption
     * and an integrity algorithm, so a lookup names the kinds it means.
     */
    public static Optional<Algorithm> find(String name, AlgorithmKind... kinds) {
        List<AlgorithmKind> wanted = List.of(kinds);
        for (Algorithm a : ALL) {
            if (wanted.contains(a.kind()) && a.answersTo(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The canonical names of the given kinds joined by ", ", for messages: {@code des-cbc, 3des-cbc, ...}. */
    public static String names(AlgorithmKind... kinds) {
        return ofKind(kinds).stream().map(Algorithm::name).collect(Collectors.joining(", "));
    }
}
