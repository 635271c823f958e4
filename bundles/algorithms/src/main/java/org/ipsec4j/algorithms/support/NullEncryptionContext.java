package org.ipsec4j.algorithms.support;

import org.ipsec4j.api.crypto.EncryptionContext;
import org.ipsec4j.api.crypto.StandardAlgorithms;

/** {@code -E null} (RFC 2410): leaves the data as it is. */
public final class NullEncryptionContext extends KeyedContext implements EncryptionContext {
    public NullEncryptionContext() {
        super(StandardAlgorithms.NULL_ENCRYPTION);
    }

    @Override
    public void encrypt(byte[] iv, int ivOff, byte[] buf, int off, int len) {
        ensureOpen();
        checkBlocks(len);
    }

    @Override
    public void decrypt(byte[] iv, int ivOff, byte[] buf, int off, int len) {
        ensureOpen();
        checkBlocks(len);
    }

    @Override
    protected void wipe() {
    }
}
