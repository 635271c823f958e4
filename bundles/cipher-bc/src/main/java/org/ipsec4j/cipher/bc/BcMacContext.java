package org.ipsec4j.cipher.bc;

import java.util.Arrays;
import org.bouncycastle.crypto.Mac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.ipsec4j.algorithms.support.TruncatedMacContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;

/**
 * Any Bouncy Castle {@link Mac} (HMAC, CMAC, XCBC, KAME's keyed digests) truncated to the descriptor's ICV. The MAC is
 * keyed once and resets itself after each {@code doFinal}. Closing re-keys it with zeros, which overwrites the key
 * state that these MACs keep in arrays of their own.
 */
final class BcMacContext extends TruncatedMacContext {
    private final Mac mac;
    private final int keyLength;

    /** @param mac a fresh MAC; any key length its algorithm takes (the provider checks lengths before) */
    BcMacContext(AlgorithmDescriptor descriptor, Mac mac, byte[] key) {
        super(descriptor, mac.getMacSize());
        this.mac = mac;
        this.keyLength = key.length;
        KeyParameter k = new KeyParameter(key);
        mac.init(k);
        Arrays.fill(k.getKey(), (byte) 0);
    }

    @Override
    protected void macUpdate(byte[] buf, int off, int len) {
        mac.update(buf, off, len);
    }

    @Override
    protected void macFinal(byte[] out) {
        mac.doFinal(out, 0);
    }

    @Override
    protected void macReset() {
        mac.reset();
    }

    @Override
    protected void wipeKey() {
        mac.init(new KeyParameter(new byte[keyLength]));
    }
}
