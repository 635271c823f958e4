package org.ipsec4j.cipher.jce;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import org.ipsec4j.algorithms.support.TruncatedMacContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;

/**
 * HMAC on a JCE {@link Mac}, truncated to the descriptor's ICV (RFC 2403, 2404, 4868). The {@code Mac} is keyed once;
 * {@code doFinal} resets it for the next packet. Closing re-keys it with zeros, which overwrites the padded key that
 * SunJCE keeps, and zeroes this context's copies.
 */
final class JceHmacContext extends TruncatedMacContext {
    private final String jceAlgorithm;
    private final Mac mac;

    /** @param jceAlgorithm e.g. {@code HmacSHA256}; any key length (the provider checks lengths before) */
    JceHmacContext(AlgorithmDescriptor descriptor, String jceAlgorithm, byte[] key) {
        this(descriptor, jceAlgorithm, Jce.mac(jceAlgorithm), key);
    }

    private JceHmacContext(AlgorithmDescriptor descriptor, String jceAlgorithm, Mac mac, byte[] key) {
        super(descriptor, mac.getMacLength());
        this.jceAlgorithm = jceAlgorithm;
        this.mac = mac;
        rekey(key);
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
    protected void macUpdate(byte[] buf, int off, int len) {
        mac.update(buf, off, len);
    }

    @Override
    protected void macFinal(byte[] out) {
        try {
            mac.doFinal(out, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void macReset() {
        mac.reset();
    }

    @Override
    protected void wipeKey() {
        rekey(new byte[Math.max(1, macSize())]);
    }
}
