package org.ipsec4j.setkey;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.KeySizes;

/**
 * The algorithms the setkey(8) language knows: canonical name, aliases, kind and accepted key lengths. One table for
 * the parser (which checks names and key lengths), the printer and everyone else who needs setkey's view of an
 * algorithm. Encryption and combined-mode (AEAD) algorithms follow {@code -E}, integrity algorithms {@code -A},
 * compression algorithms {@code -C}.
 *
 * <p>Key lengths follow ipsec-tools' setkey(8) and the kernels behind it; for counter and combined modes the key
 * includes the trailing 32-bit nonce or salt (RFC 3686, RFC 4106, RFC 4543, RFC 7634). {@code null} encryption,
 * {@code null} integrity and the compression algorithms take no key.
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

    private static final KeySizes AES = new KeySizes(128, 256, 64);
    private static final KeySizes AES_WITH_NONCE = new KeySizes(160, 288, 64);

    private static final List<Algorithm> ALL = List.of(
            // -E: encryption
            enc("des-cbc", KeySizes.exactly(64)),
            enc("3des-cbc", KeySizes.exactly(192)),
            new Algorithm("null", List.of("simple"), AlgorithmKind.ENCRYPTION, KeySizes.NONE),
            enc("blowfish-cbc", new KeySizes(40, 448, 8)),
            enc("cast128-cbc", new KeySizes(40, 128, 8)),
            enc("des-deriv", KeySizes.exactly(64)),
            enc("des-32iv", KeySizes.exactly(64)),
            new Algorithm("aes-cbc", List.of("rijndael-cbc"), AlgorithmKind.ENCRYPTION, AES),
            enc("twofish-cbc", new KeySizes(128, 256, 64)),
            enc("aes-ctr", AES_WITH_NONCE),
            enc("camellia-cbc", AES),
            // -E: combined mode
            aead("aes-gcm-16", AES_WITH_NONCE),
            aead("aes-gcm-12", AES_WITH_NONCE),
            aead("aes-gcm-8", AES_WITH_NONCE),
            aead("aes-gmac", AES_WITH_NONCE),
            aead("chacha20-poly1305", KeySizes.exactly(288)),
            // -A: integrity
            auth("hmac-md5", List.of(), KeySizes.exactly(128)),
            auth("hmac-sha1", List.of(), KeySizes.exactly(160)),
            auth("keyed-md5", List.of(), KeySizes.exactly(128)),
            auth("keyed-sha1", List.of(), KeySizes.exactly(160)),
            auth("hmac-sha256", List.of("hmac-sha2-256"), KeySizes.exactly(256)),
            auth("hmac-sha384", List.of("hmac-sha2-384"), KeySizes.exactly(384)),
            auth("hmac-sha512", List.of("hmac-sha2-512"), KeySizes.exactly(512)),
            auth("hmac-ripemd160", List.of(), KeySizes.exactly(160)),
            auth("aes-xcbc-mac", List.of(), KeySizes.exactly(128)),
            auth("aes-cmac", List.of(), KeySizes.exactly(128)),
            auth("tcp-md5", List.of(), new KeySizes(8, 640, 8)),
            auth("null", List.of(), KeySizes.NONE),
            // -C: compression
            comp("deflate"),
            comp("lzs"),
            comp("oui"));

    private SetkeyAlgorithms() {
    }

    private static Algorithm enc(String name, KeySizes sizes) {
        return new Algorithm(name, List.of(), AlgorithmKind.ENCRYPTION, sizes);
    }

    private static Algorithm aead(String name, KeySizes sizes) {
        return new Algorithm(name, List.of(), AlgorithmKind.AEAD, sizes);
    }

    private static Algorithm auth(String name, List<String> aliases, KeySizes sizes) {
        return new Algorithm(name, aliases, AlgorithmKind.INTEGRITY, sizes);
    }

    private static Algorithm comp(String name) {
        return new Algorithm(name, List.of(), AlgorithmKind.COMPRESSION, KeySizes.NONE);
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
