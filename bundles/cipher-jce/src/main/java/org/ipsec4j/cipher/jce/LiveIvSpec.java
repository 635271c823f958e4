package org.ipsec4j.cipher.jce;

import javax.crypto.spec.IvParameterSpec;

/**
 * An IV (or nonce, or counter block) that is an array the context keeps and rewrites per packet: {@link #getIV()},
 * through which every provider reads it, copies the array as it is at that moment. One instance per context replaces
 * an {@link IvParameterSpec} (and its copy of the array) per packet; see {@link LiveGcmSpec}.
 */
final class LiveIvSpec extends IvParameterSpec {
    private final byte[] iv;

    /** @param iv the array the context writes each packet's IV into (kept, not copied) */
    LiveIvSpec(byte[] iv) {
        super(new byte[iv.length]); // not a copy of the array: a nonce's salt is key material
        this.iv = iv;
    }

    @Override
    public byte[] getIV() {
        return iv.clone();
    }
}
