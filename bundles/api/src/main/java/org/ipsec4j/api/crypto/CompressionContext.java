package org.ipsec4j.api.crypto;

/** A compression algorithm for IPComp. */
public interface CompressionContext extends AlgorithmContext {
    /**
     * Compresses {@code in[inOff..inOff+inLen)} into {@code out[outOff..outOff+outMax)}; returns the compressed length,
     * or -1 when it would not be shorter than the input (IPComp then sends the payload uncompressed).
     */
    int compress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outMax);

    /**
     * Decompresses into {@code out[outOff..outOff+outMax)}; returns the length, or -1 when the data is corrupt or would
     * exceed {@code outMax} (a decompression bomb).
     */
    int decompress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outMax);
}
