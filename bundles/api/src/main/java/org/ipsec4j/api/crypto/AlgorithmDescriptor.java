package org.ipsec4j.api.crypto;

import java.util.List;
import java.util.Objects;

/**
 * What an algorithm is, as data: its setkey name and aliases, kind and sizes. All sizes in bytes except the key's.
 *
 * @param name      the canonical setkey name, e.g. {@code aes-gcm-16}, {@code hmac-sha256}
 * @param aliases   other names setkey accepts, e.g. {@code rijndael-cbc} for {@code aes-cbc}
 * @param kind      encryption, integrity, AEAD or compression
 * @param keySizes  accepted key lengths in bits (salt included)
 * @param blockSize cipher block size (1 for stream and counter modes; 0 for integrity and compression)
 * @param ivSize    explicit IV carried in each packet
 * @param icvSize   integrity check value appended to each packet (the truncated MAC, or the AEAD tag)
 */
public record AlgorithmDescriptor(String name, List<String> aliases, AlgorithmKind kind, KeySizes keySizes,
        int blockSize, int ivSize, int icvSize) {
    public AlgorithmDescriptor {
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(keySizes, "keySizes");
        if (blockSize < 0 || ivSize < 0 || icvSize < 0) {
            throw new IllegalArgumentException("negative size");
        }
    }

    /** Whether this algorithm answers to {@code n} (its name or an alias). */
    public boolean answersTo(String n) {
        return name.equals(n) || aliases.contains(n);
    }
}
