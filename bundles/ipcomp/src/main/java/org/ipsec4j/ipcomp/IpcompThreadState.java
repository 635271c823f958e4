package org.ipsec4j.ipcomp;

import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.crypto.CompressionContext;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6ExtensionHeaders;
import org.ipsec4j.api.packet.Ipv6Header;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;

/**
 * What one data-path thread reuses for every packet: header views, a scratch array as large as the largest IP packet
 * (compression writes into it and decompression reads out of it, so the packet is never both source and destination of
 * zlib), and the thread's compression context. Compression has no key and deflate keeps no state between packets
 * (RFC 2394), so one context per thread serves every SA of its algorithm: it is bound for the last SA configuration
 * and registry generation seen, kept as long as the same provider serves the algorithm, and closed when replaced.
 * Made once per thread, on its first packet.
 */
final class IpcompThreadState {
    private static final byte[] NO_KEY = new byte[0];

    final Ipv4Header ip4 = new Ipv4Header();
    final Ipv6Header ip6 = new Ipv6Header();
    final Ipv4Header inner4 = new Ipv4Header();
    final Ipv6Header inner6 = new Ipv6Header();
    final Ipv6ExtensionHeaders ext = new Ipv6ExtensionHeaders();
    final byte[] scratch = new byte[IpcompOptions.MAX_PACKET];

    private SecurityAssociation boundConfig;
    private long boundGeneration;
    private AlgorithmProvider provider;
    /** The context, or null when {@link #failure} says why there is none. */
    CompressionContext context;
    /** Why the bound SA cannot be served now ({@link Verdict#NO_ALGORITHM}, {@link Verdict#BAD_STATE}), or null. */
    Verdict failure;
    /** The well-known CPI of the bound SA's algorithm, or -1. */
    int wellKnownCpi;
    /** The bound SA's endpoints, for tunnel mode's outer header. */
    byte[] source;
    byte[] destination;

    /**
     * Binds this thread's context for {@code config} as {@code registry} offers its algorithm now; afterwards
     * {@link #context} or {@link #failure} is set. Costs a reference and a generation compare while nothing changed.
     */
    void bind(SecurityAssociation config, AlgorithmRegistry registry) {
        long generation = registry.generation();
        if (config == boundConfig && generation == boundGeneration) {
            return;
        }
        boundConfig = config;
        boundGeneration = generation;
        source = config.source().getAddress();
        destination = config.destination().getAddress();
        AlgorithmKey algorithm = config.compression().orElse(null);
        if (algorithm == null) {
            failure = Verdict.BAD_STATE;
            return;
        }
        AlgorithmProvider p = registry.find(AlgorithmKind.COMPRESSION, algorithm.name()).orElse(null);
        if (p == null) {
            failure = Verdict.NO_ALGORITHM;
            return;
        }
        wellKnownCpi = IpcompHeader.wellKnownCpi(p.descriptor().name());
        if (p == provider && context != null) {
            failure = null;
            return;
        }
        close();
        AlgorithmContext c = null;
        try {
            c = p.newContext(NO_KEY);
            context = (CompressionContext) c;
            provider = p;
            failure = null;
        } catch (IllegalArgumentException | ClassCastException e) {
            // a broken provider: as if it were not there
            if (c != null) {
                c.close();
            }
            failure = Verdict.NO_ALGORITHM;
        }
    }

    /** Closes the context (zlib's memory lives outside the heap). */
    void close() {
        if (context != null) {
            try {
                context.close();
            } catch (RuntimeException ignored) {
                // nothing more to free
            }
        }
        context = null;
        provider = null;
    }
}
