package org.ipsec4j.engine;

import java.util.concurrent.ConcurrentHashMap;
import org.ipsec4j.api.policy.IpsecRequest;

/**
 * The tunnel endpoints of policy rules as address bytes, so that the data path can hand them to the SAD without
 * calling {@code InetAddress.getAddress()} (which copies) per packet. Keyed by rule value; bounded: the cache is emptied
 * when it grows past {@link #MAX_RULES}, and refills from the rules in use.
 */
final class RuleEndpoints {
    static final int MAX_RULES = 4096;

    /** One rule's endpoints: {@code src[0..length)}, {@code dst[0..length)}. Never modified once built. */
    record Endpoints(byte[] src, byte[] dst, int length) {
    }

    private final ConcurrentHashMap<IpsecRequest, Endpoints> cache = new ConcurrentHashMap<>();

    /** The endpoints of a rule that has them. */
    Endpoints of(IpsecRequest rule) {
        Endpoints e = cache.get(rule);
        if (e != null) return e;
        if (cache.size() >= MAX_RULES) cache.clear();
        byte[] s = rule.source().getAddress();
        byte[] d = rule.destination().getAddress();
        e = new Endpoints(s, d, s.length);
        cache.put(rule, e);
        return e;
    }
}
