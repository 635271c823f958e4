package org.ipsec4j.algorithms.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Optional;
import org.ipsec4j.api.crypto.AeadContext;
import org.ipsec4j.api.crypto.EncryptionContext;
import org.ipsec4j.api.crypto.IntegrityContext;

/**
 * Drives contexts as ESP does: one buffer with head-room and tail-room, the IV right before the data, the data at an
 * odd offset, the ICV right after it. Every call checks that the bytes around what the context may write stay as they
 * were.
 */
public final class InPlace {
    /** Bytes before the IV and after the data or ICV, filled with {@link #GUARD}. */
    public static final int HEAD = 37;
    public static final int TAIL = 29;
    public static final byte GUARD = (byte) 0xA5;

    private InPlace() {
    }

    /** {@code plain} encrypted in place with {@code iv}, as a new array. */
    public static byte[] encrypt(EncryptionContext c, byte[] iv, byte[] plain) {
        byte[] buf = layout(iv, plain, 0);
        c.encrypt(buf, HEAD, buf, HEAD + iv.length, plain.length);
        return extract(buf, iv, plain.length);
    }

    /** {@code cipher} decrypted in place with {@code iv}, as a new array. */
    public static byte[] decrypt(EncryptionContext c, byte[] iv, byte[] cipher) {
        byte[] buf = layout(iv, cipher, 0);
        c.decrypt(buf, HEAD, buf, HEAD + iv.length, cipher.length);
        return extract(buf, iv, cipher.length);
    }

    /** {@code plain} sealed in place: the ciphertext followed by the ICV. */
    public static byte[] seal(AeadContext c, byte[] iv, byte[] aad, byte[] plain) {
        int icv = c.descriptor().icvSize();
        byte[] buf = layout(iv, plain, icv);
        byte[] aadBuf = guarded(aad);
        c.seal(buf, HEAD, aadBuf, 3, aad.length, buf, HEAD + iv.length, plain.length);
        checkGuarded(aadBuf, aad);
        return extract(buf, iv, plain.length + icv);
    }

    /** The plaintext of {@code sealed} (ciphertext and ICV), or empty when the ICV does not verify. */
    public static Optional<byte[]> open(AeadContext c, byte[] iv, byte[] aad, byte[] sealed) {
        int icv = c.descriptor().icvSize();
        byte[] buf = layout(iv, sealed, 0);
        byte[] aadBuf = guarded(aad);
        boolean ok = c.open(buf, HEAD, aadBuf, 3, aad.length, buf, HEAD + iv.length, sealed.length - icv);
        checkGuarded(aadBuf, aad);
        byte[] out = extract(buf, iv, sealed.length);
        if (ok) {
            assertEquals(Arrays.toString(Arrays.copyOfRange(sealed, sealed.length - icv, sealed.length)),
                    Arrays.toString(Arrays.copyOfRange(out, out.length - icv, out.length)), "ICV left in place");
        }
        return ok ? Optional.of(Arrays.copyOf(out, sealed.length - icv)) : Optional.empty();
    }

    /**
     * The first {@code length} bytes of the MAC of {@code data}, fed in three updates (the first and last may be
     * empty) from a buffer at an odd offset, written into a buffer with guard bytes.
     */
    public static byte[] mac(IntegrityContext c, byte[] data, int length) {
        byte[] in = guarded(data);
        int a = data.length / 3;
        int b = 2 * data.length / 3;
        c.update(in, 3, a);
        c.update(in, 3 + a, b - a);
        c.update(in, 3 + b, data.length - b);
        byte[] out = new byte[HEAD + length + TAIL];
        Arrays.fill(out, GUARD);
        if (length == c.descriptor().icvSize()) {
            c.finish(out, HEAD);
        } else {
            c.finish(out, HEAD, length);
        }
        checkGuarded(in, data);
        for (int i = 0; i < out.length; i++) {
            if ((i < HEAD || i >= HEAD + length) && out[i] != GUARD) {
                throw new AssertionError("MAC wrote outside its ICV at " + i);
            }
        }
        return Arrays.copyOfRange(out, HEAD, HEAD + length);
    }

    /** Whether {@code icv} verifies as the MAC of {@code data}, the ICV placed at an odd offset. */
    public static boolean verify(IntegrityContext c, byte[] data, byte[] icv) {
        c.update(data, 0, data.length);
        byte[] packet = new byte[5 + icv.length + 2];
        System.arraycopy(icv, 0, packet, 5, icv.length);
        return icv.length == c.descriptor().icvSize() ? c.verify(packet, 5) : c.verify(packet, 5, icv.length);
    }

    private static byte[] layout(byte[] iv, byte[] data, int icvRoom) {
        byte[] buf = new byte[HEAD + iv.length + data.length + icvRoom + TAIL];
        Arrays.fill(buf, GUARD);
        System.arraycopy(iv, 0, buf, HEAD, iv.length);
        System.arraycopy(data, 0, buf, HEAD + iv.length, data.length);
        return buf;
    }

    private static byte[] extract(byte[] buf, byte[] iv, int len) {
        for (int i = 0; i < HEAD; i++) {
            if (buf[i] != GUARD) {
                throw new AssertionError("context wrote into the head-room at " + i);
            }
        }
        if (!Arrays.equals(iv, Arrays.copyOfRange(buf, HEAD, HEAD + iv.length))) {
            throw new AssertionError("context changed the IV");
        }
        int end = HEAD + iv.length + len;
        for (int i = end; i < buf.length; i++) {
            if (buf[i] != GUARD) {
                throw new AssertionError("context wrote into the tail-room at " + (i - end));
            }
        }
        return Arrays.copyOfRange(buf, HEAD + iv.length, end);
    }

    private static byte[] guarded(byte[] data) {
        byte[] b = new byte[3 + data.length + 4];
        Arrays.fill(b, GUARD);
        System.arraycopy(data, 0, b, 3, data.length);
        return b;
    }

    private static void checkGuarded(byte[] b, byte[] data) {
        byte[] expected = guarded(data);
        if (!Arrays.equals(expected, b)) {
            throw new AssertionError("context changed an input it must only read");
        }
    }
}
