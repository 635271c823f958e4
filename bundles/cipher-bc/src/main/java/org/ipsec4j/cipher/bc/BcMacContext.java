package org.ipsec4j.cipher.bc;

import java.util.Arrays;
import org.bouncycastle.crypto.Mac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.ipsec4j.algorithms.support.IcvCompare;
import org.ipsec4j.algorithms.support.KeyedContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.IntegrityContext;

/**
 * Any Bouncy Castle {@link Mac} (HMAC, CMAC, XCBC, KAME's keyed digests) truncated to the descriptor's ICV. The MAC is
 * keyed once and resets itself after each {@code doFinal}. Closing re-keys it with zeros, which overwrites the key
 * state that these MACs keep in arrays of their own.
 */
final class BcMacContext extends KeyedContext implements IntegrityContext {
    private final Mac mac;
    private final int keyLength;
    private final byte[] full;
    private final IcvCompare compare;

    /** @param mac a fresh MAC; any key length its algorithm takes (the provider checks lengths before) */
    BcMacContext(AlgorithmDescriptor descriptor, Mac mac, byte[] key) {
        super(descriptor);
        this.mac = mac;
        this.keyLength = key.length;
        KeyParameter k = new KeyParameter(key);
        mac.init(k);
        Arrays.fill(k.getKey(), (byte) 0);
        this.full = new byte[mac.getMacSize()];
        this.compare = new IcvCompare(descriptor.icvSize());
    }

    @Override
    public void update(byte[] buf, int off, int len) {
        ensureOpen();
        mac.update(buf, off, len);
    }

    @Override
    public void finish(byte[] out, int outOff) {
        finish(out, outOff, descriptor().icvSize());
    }

    @Override
    public void finish(byte[] out, int outOff, int icvLength) {
        ensureOpen();
        checkIcvLength(icvLength, full.length);
        mac.doFinal(full, 0);
        System.arraycopy(full, 0, out, outOff, icvLength);
        Arrays.fill(full, (byte) 0);
    }

    @Override
    public boolean verify(byte[] icv, int icvOff, int icvLength) {
        ensureOpen();
        checkIcvLength(icvLength, full.length);
        mac.doFinal(full, 0);
        boolean ok = compare.equal(full, icv, icvOff, icvLength);
        Arrays.fill(full, (byte) 0);
        return ok;
    }

    @Override
    public void reset() {
        ensureOpen();
        mac.reset();
    }

    @Override
    public int macSize() {
        return full.length;
    }

    @Override
    protected void wipe() {
        mac.init(new KeyParameter(new byte[keyLength]));
        Arrays.fill(full, (byte) 0);
    }
}
