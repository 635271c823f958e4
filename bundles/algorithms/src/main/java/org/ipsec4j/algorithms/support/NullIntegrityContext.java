package org.ipsec4j.algorithms.support;

import org.ipsec4j.api.crypto.IntegrityContext;
import org.ipsec4j.api.crypto.StandardAlgorithms;

/** {@code -A null}: an empty ICV, which always verifies. */
public final class NullIntegrityContext extends KeyedContext implements IntegrityContext {
    public NullIntegrityContext() {
        super(StandardAlgorithms.NULL_INTEGRITY);
    }

    @Override
    public void update(byte[] buf, int off, int len) {
        ensureOpen();
    }

    @Override
    public void finish(byte[] out, int outOff) {
        ensureOpen();
    }

    @Override
    public void finish(byte[] out, int outOff, int icvLength) {
        ensureOpen();
        if (icvLength != 0) {
            throw new IllegalArgumentException("null: ICV of " + icvLength + " bytes, expected 0");
        }
    }

    @Override
    public boolean verify(byte[] icv, int icvOff, int icvLength) {
        finish(icv, icvOff, icvLength);
        return true;
    }

    @Override
    public void reset() {
        ensureOpen();
    }

    @Override
    public int macSize() {
        return 0;
    }

    @Override
    protected void wipe() {
    }
}
