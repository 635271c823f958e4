package org.ipsec4j.engine;

import java.util.EnumMap;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.transform.IpsecTransform;

/**
 * The transform switch: the {@link IpsecTransform} registered for each SA protocol. Transforms come and go as services
 * do; {@link #get(SaProtocol)} runs lock-free against a copy-on-write table and allocates nothing. A packet whose SA
 * protocol has no transform is dropped and counted.
 */
public final class TransformTable {
    private volatile IpsecTransform[] byProtocol = new IpsecTransform[SaProtocol.values().length];

    /** Registers {@code t} for its {@link IpsecTransform#protocol()}, replacing any previous one. */
    public synchronized void register(IpsecTransform t) {
        register(t.protocol(), t);
    }

    /** Registers {@code t} for {@code protocol} (a transform may serve a protocol's variants, e.g. esp-old). */
    public synchronized void register(SaProtocol protocol, IpsecTransform t) {
        IpsecTransform[] next = byProtocol.clone();
        next[protocol.ordinal()] = t;
        byProtocol = next;
    }

    /** Removes {@code t} wherever it is registered; a newer transform registered since stays. */
    public synchronized void unregister(IpsecTransform t) {
        IpsecTransform[] next = byProtocol.clone();
        for (int i = 0; i < next.length; i++) {
            if (next[i] == t) next[i] = null;
        }
        byProtocol = next;
    }

    /** The transform of {@code protocol}, or null. */
    public IpsecTransform get(SaProtocol protocol) {
        return byProtocol[protocol.ordinal()];
    }

    /** The registered transforms by protocol (for statistics and diagnostics). */
    public EnumMap<SaProtocol, IpsecTransform> snapshot() {
        EnumMap<SaProtocol, IpsecTransform> m = new EnumMap<>(SaProtocol.class);
        IpsecTransform[] cur = byProtocol;
        for (SaProtocol p : SaProtocol.values()) {
            if (cur[p.ordinal()] != null) m.put(p, cur[p.ordinal()]);
        }
        return m;
    }
}
