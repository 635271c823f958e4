package org.ipsec4j.algorithms.support;

import java.util.Arrays;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.IntegrityContext;

/**
 * The base of an integrity context over a library's MAC (RFC 2403, 2404, 4868 HMACs, XCBC, CMAC, KAME's keyed
 * digests): the full MAC goes into a scratch array, is cut to the ICV length and compared in constant time through
 * {@link IcvCompare}, then the scratch array is zeroed. A subclass only feeds the library's MAC, keyed once. Nothing
 * here allocates per packet.
 */
public abstract class TruncatedMacContext extends KeyedContext implements IntegrityContext {
    private final byte[] full;
    private final IcvCompare compare;

    /** @param macSize the length in bytes of the untruncated MAC */
    protected TruncatedMacContext(AlgorithmDescriptor descriptor, int macSize) {
        super(descriptor);
        this.full = new byte[macSize];
        this.compare = new IcvCompare(descriptor.icvSize());
    }

    /** Feeds the library's MAC. */
    protected abstract void macUpdate(byte[] buf, int off, int len);

    /** Writes the full MAC to {@code out[0..macSize)}, leaving the library's MAC ready for the next packet. */
    protected abstract void macFinal(byte[] out);

    /** Forgets what the library's MAC was fed. */
    protected abstract void macReset();

    /** Overwrites the key state the library's MAC keeps (re-keying it with zeros, typically). */
    protected abstract void wipeKey();

    @Override
    public final void update(byte[] buf, int off, int len) {
        ensureOpen();
        macUpdate(buf, off, len);
    }

    @Override
    public final void finish(byte[] out, int outOff) {
        finish(out, outOff, descriptor().icvSize());
    }

    @Override
    public final void finish(byte[] out, int outOff, int icvLength) {
        ensureOpen();
        checkIcvLength(icvLength, full.length);
        macFinal(full);
        System.arraycopy(full, 0, out, outOff, icvLength);
        Arrays.fill(full, (byte) 0);
    }

    @Override
    public final boolean verify(byte[] icv, int icvOff, int icvLength) {
        ensureOpen();
        checkIcvLength(icvLength, full.length);
        macFinal(full);
        boolean ok = compare.equal(full, icv, icvOff, icvLength);
        Arrays.fill(full, (byte) 0);
        return ok;
    }

    @Override
    public final void reset() {
        ensureOpen();
        macReset();
    }

    @Override
    public final int macSize() {
        return full.length;
    }

    @Override
    protected final void wipe() {
        wipeKey();
        Arrays.fill(full, (byte) 0);
    }
}
