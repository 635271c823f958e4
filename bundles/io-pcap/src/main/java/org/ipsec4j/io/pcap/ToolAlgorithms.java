package org.ipsec4j.io.pcap;

import org.ipsec4j.algorithms.RankedProviders;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.cipher.bc.BcProviders;
import org.ipsec4j.cipher.jce.JceProviders;

/**
 * The algorithms of the offline tool: both provider bundles' algorithms, each at the default ranking its bundle
 * registers it with in a running gateway, so the tool prefers the same implementation the gateway does.
 */
final class ToolAlgorithms {
    private ToolAlgorithms() {
    }

    static AlgorithmRegistry registry() {
        RankedProviders r = new RankedProviders();
        long serviceId = 1;
        for (AlgorithmProvider p : JceProviders.all()) {
            r.add(p, serviceId++, JceProviders.defaultRanking(p));
        }
        for (AlgorithmProvider p : BcProviders.all()) {
            r.add(p, serviceId++, BcProviders.defaultRanking(p));
        }
        return r;
    }
}
