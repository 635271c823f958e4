package org.ipsec4j.cipher.jce;

import javax.crypto.spec.GCMParameterSpec;

/**
 * GCM parameters whose IV is an array the context keeps and rewrites per packet: {@link #getIV()}, through which every
 * provider reads the IV, copies the array as it is at that moment. One instance per context replaces a
 * {@link GCMParameterSpec} (and the copy of the nonce its constructor makes) per packet.
 */
final class LiveGcmSpec extends GCMParameterSpec {
    private final byte[] nonce;

    /** @param nonce the array the context writes each packet's nonce into (kept, not copied) */
    LiveGcmSpec(int tagBits, byte[] nonce) {
        super(tagBits, new byte[nonce.length]); // not a copy of the nonce: its salt is key material
        this.nonce = nonce;
    }

    @Override
    public byte[] getIV() {
        return nonce.clone();
    }
}
