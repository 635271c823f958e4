package org.ipsec4j.api.crypto;

/** A keyed MAC, truncated to the ICV size its descriptor names. */
public interface IntegrityContext extends AlgorithmContext {
    /** Feeds bytes into the MAC being computed. */
    void update(byte[] buf, int off, int len);

    /** Writes the ICV ({@code icvSize} bytes) to {@code out[outOff..)} and resets for the next packet. */
    void finish(byte[] out, int outOff);

    /** Forgets what was fed since the last {@link #finish}. */
    void reset();
}
