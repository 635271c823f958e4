package org.ipsec4j.api.crypto;

/**
 * An algorithm keyed for one SA. Not thread-safe: a transform keeps one per thread (or a pool per SA). Closing it
 * zeroes the key material it holds.
 */
public interface AlgorithmContext extends AutoCloseable {
    AlgorithmDescriptor descriptor();

    @Override
    void close();
}
