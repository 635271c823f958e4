package org.ipsec4j.cipher.jce;

import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.ipsec4j.algorithms.support.KeyedContext;
import org.ipsec4j.api.crypto.CompressionContext;
import org.ipsec4j.api.crypto.StandardAlgorithms;

/**
 * {@code deflate} for IPComp (RFC 2394) on the JDK's zlib: raw deflate (RFC 1951, no zlib header or checksum), each
 * packet on its own (the compressor and decompressor are reset per packet, no history carried over). The zlib streams
 * live outside the heap: closing the context frees them.
 */
final class JdkDeflateContext extends KeyedContext implements CompressionContext {
    private final Deflater deflater;
    private final Inflater inflater = new Inflater(true);

    /** @param level the zlib compression level, 1 (fast) to 9 (small); {@link Deflater#DEFAULT_COMPRESSION} is 6 */
    JdkDeflateContext(int level) {
        super(StandardAlgorithms.DEFLATE);
        this.deflater = new Deflater(level, true);
    }

    @Override
    public int compress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outMax) {
        ensureOpen();
        int limit = Math.min(outMax, inLen - 1); // only a shorter result is worth sending
        if (limit <= 0) {
            return -1;
        }
        deflater.reset();
        deflater.setInput(in, inOff, inLen);
        deflater.finish();
        int n = 0;
        while (!deflater.finished() && n < limit) {
            n += deflater.deflate(out, outOff + n, limit - n);
        }
        return deflater.finished() ? n : -1;
    }

    @Override
    public int decompress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outMax) {
        ensureOpen();
        inflater.reset();
        inflater.setInput(in, inOff, inLen);
        int n = 0;
        try {
            while (!inflater.finished()) {
                int k = inflater.inflate(out, outOff + n, outMax - n);
                n += k;
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary() || n == outMax)) {
                    return -1; // truncated, or more than the room given (a decompression bomb)
                }
            }
        } catch (DataFormatException corrupt) {
            return -1;
        }
        return inflater.getRemaining() == 0 ? n : -1;
    }

    @Override
    protected void wipe() {
        deflater.end();
        inflater.end();
    }
}
