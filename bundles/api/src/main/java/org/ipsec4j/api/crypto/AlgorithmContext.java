package org.ipsec4j.api.crypto;

/**
 * An algorithm keyed for one SA. Not thread-safe: a transform keeps one per thread (or a pool per SA). Closing it
 * zeroes the key material it holds (the copies it made, and the state of the underlying MAC where the library allows);
 * closing twice is harmless, using a closed context throws {@link IllegalStateException}.
 */
public interface AlgorithmContext extends AutoCloseable {
    AlgorithmDescriptor descriptor();

    @Override
    void close();
}
