package org.ipsec4j.engine.forward;

import org.ipsec4j.api.crypto.AlgorithmRegistry;

/** Algorithm registries for tests of other packages. */
public final class TestRegistries {
    private TestRegistries() {
    }

    /** The JDK's algorithms. */
    public static AlgorithmRegistry jce() {
        return JceRegistry.INSTANCE;
    }
}
