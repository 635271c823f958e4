package org.ipsec4j.esp;

/**
 * Supplies the explicit IV of each outbound packet in place of ESP's own choice: for tests that reproduce published
 * vectors. Without one, ESP writes the 64-bit sequence number for counter modes and random bytes for CBC (see
 * {@link EspTransform}).
 */
@FunctionalInterface
public interface IvSource {
    /**
     * Writes {@code len} bytes of IV to {@code buf[off..off+len)} for the packet with the 64-bit sequence number
     * {@code sequence}; {@code counterMode} tells whether the algorithm needs only uniqueness (GCM, CCM, CTR,
     * ChaCha20-Poly1305, GMAC) or unpredictability (CBC).
     */
    void writeIv(byte[] buf, int off, int len, long sequence, boolean counterMode);
}
