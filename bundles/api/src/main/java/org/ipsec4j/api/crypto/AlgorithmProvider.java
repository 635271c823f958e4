package org.ipsec4j.api.crypto;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One algorithm offered by a provider bundle, registered as an OSGi service. Several providers may offer the same
 * algorithm; the {@link AlgorithmRegistry} prefers the highest {@code service.ranking}. Register with the service
 * property {@link #ALGORITHM_NAME} set to the descriptor's name.
 */
@ConsumerType
public interface AlgorithmProvider {
    /** Service property: the canonical setkey name of the algorithm. */
    String ALGORITHM_NAME = "ipsec4j.algorithm";
    /** Service property: a short name of the implementation, e.g. {@code jce} or {@code bc}. */
    String PROVIDER_NAME = "ipsec4j.provider";

    AlgorithmDescriptor descriptor();

    /** A short name of the implementation, e.g. {@code jce}. */
    String providerName();

    /**
     * A context keyed with {@code key} (the caller zeroes its copy afterwards): an {@link EncryptionContext},
     * {@link IntegrityContext}, {@link AeadContext} or {@link CompressionContext} according to the descriptor's kind.
     *
     * @throws IllegalArgumentException when the key length is not one the descriptor accepts, or the key is weak
     */
    AlgorithmContext newContext(byte[] key);
}
