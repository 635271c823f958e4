package org.ipsec4j.cipher.jce;

import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import org.ipsec4j.algorithms.support.IcvCompare;
import org.ipsec4j.algorithms.support.KeyedContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.IntegrityContext;

/**
 * HMAC on a JCE {@link Mac}, truncated to the descriptor's ICV (RFC 2403, 2404, 4868). The {@code Mac} is keyed once;
 * {@code doFinal} resets it for the next packet. Closing re-keys it with zeros, which overwrites the padded key that
 * SunJCE keeps, and zeroes this context's copies.
 */
final class JceHmacContext extends KeyedContext implements IntegrityContext {
    private final String jceAlgorithm;
    private final Mac mac;
    private final byte[] full;
    private final IcvCompare compare;

    /** @param jceAlgorithm e.g. {@code HmacSHA256}; any key length (the provider checks lengths before) */
    JceHmacContext(AlgorithmDescriptor descriptor, String jceAlgorithm, byte[] key) {
        super(descriptor);
        this.jceAlgorithm = jceAlgorithm;
        this.mac = Jce.mac(jceAlgorithm);
        rekey(key);
        this.full = new byte[mac.getMacLength()];
        this.compare = new IcvCompare(descriptor.icvSize());
    }

    private void rekey(byte[] key) {
        RawKey k = new RawKey(jceAlgorithm, key, 0, key.length);
        try {
            mac.init(k);
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(jceAlgorithm + " refused its key: " + e.getMessage(), e);
        } finally {
            k.destroy();
        }
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
        complete();
        System.arraycopy(full, 0, out, outOff, icvLength);
        Arrays.fill(full, (byte) 0);
    }

    @Override
    public boolean verify(byte[] icv, int icvOff, int icvLength) {
        ensureOpen();
        checkIcvLength(icvLength, full.length);
        complete();
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

    private void complete() {
        try {
            mac.doFinal(full, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void wipe() {
        rekey(new byte[Math.max(1, full.length)]);
        Arrays.fill(full, (byte) 0);
    }
}
