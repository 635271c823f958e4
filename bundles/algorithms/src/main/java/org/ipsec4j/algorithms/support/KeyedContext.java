package org.ipsec4j.algorithms.support;

import java.util.Objects;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;

/**
 * The base of a context: its descriptor, the closed state and the length checks. {@link #close()} runs
 * {@link #wipe()} once, where a subclass zeroes the key material it holds. Not thread-safe, like every context.
 */
public abstract class KeyedContext implements AlgorithmContext {
    private final AlgorithmDescriptor descriptor;
    private boolean closed;

    protected KeyedContext(AlgorithmDescriptor descriptor) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    }

    @Override
    public final AlgorithmDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            wipe();
        }
    }

    /** Zeroes the key material this context holds; called once, by the first {@link #close()}. */
    protected abstract void wipe();

    /** @throws IllegalStateException when the context was closed */
    protected final void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(descriptor.name() + ": context is closed");
        }
    }

    /** @throws IllegalArgumentException when {@code len} is negative or not a multiple of the block size */
    protected final void checkBlocks(int len) {
        int block = descriptor.blockSize();
        if (len < 0 || len % block != 0) {
            throw new IllegalArgumentException(descriptor.name() + ": length " + len
                    + " is not a multiple of the block size " + block);
        }
    }

    /** @throws IllegalArgumentException unless {@code 0 < icvLength <= macSize} */
    protected final void checkIcvLength(int icvLength, int macSize) {
        if (icvLength < 1 || icvLength > macSize) {
            throw new IllegalArgumentException(descriptor.name() + ": ICV of " + icvLength
                    + " bytes, expected 1 to " + macSize);
        }
    }

    @Override
    public String toString() {
        return descriptor.name() + (closed ? " (closed)" : "");
    }
}
