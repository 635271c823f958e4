package org.ipsec4j.cipher.jce;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.NoSuchPaddingException;
import org.ipsec4j.algorithms.support.OutputScratch;

/**
 * Where this bundle gets its {@link Cipher} and {@link Mac} objects: from the JDK's own SunJCE provider when it has
 * the algorithm (so a provider that a host container installs in first place, such as Bouncy Castle under Karaf, does
 * not take the fast path over), else from whichever provider the JDK picks. Failures that can only be programming or
 * platform errors become {@link IllegalStateException}s.
 */
final class Jce {
    private static final Provider SUN_JCE = Security.getProvider("SunJCE");

    private Jce() {
    }

    static Cipher cipher(String transformation) {
        try {
            if (SUN_JCE != null) {
                try {
                    return Cipher.getInstance(transformation, SUN_JCE);
                } catch (NoSuchAlgorithmException | NoSuchPaddingException notInSunJce) {
                    // fall through to the other providers
                }
            }
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(transformation + " is not available: " + e.getMessage(), e);
        }
    }

    static Mac mac(String algorithm) {
        try {
            if (SUN_JCE != null) {
                try {
                    return Mac.getInstance(algorithm, SUN_JCE);
                } catch (NoSuchAlgorithmException notInSunJce) {
                    // fall through to the other providers
                }
            }
            return Mac.getInstance(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available: " + e.getMessage(), e);
        }
    }

    /** Whether this JDK has the cipher {@code transformation} (checked once, when the bundle starts). */
    static boolean hasCipher(String transformation) {
        try {
            cipher(transformation);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** Whether this JDK has the MAC {@code algorithm}. */
    static boolean hasMac(String algorithm) {
        try {
            mac(algorithm);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    static void init(Cipher cipher, int mode, Key key, AlgorithmParameterSpec params) {
        try {
            cipher.init(mode, key, params);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(cipher.getAlgorithm() + " refused its key: " + e.getMessage(), e);
        }
    }

    /**
     * Re-initialises {@code cipher} with {@code key}'s {@link RawKey#throwaway() throwaway} twin, so that neither its
     * key schedule nor the key bytes SunJCE keeps to compare the next key with hold {@code key} any longer (the arrays
     * they held become garbage that no context reaches). For a context's close; never throws.
     */
    static void forgetKey(Cipher cipher, int mode, RawKey key, AlgorithmParameterSpec params) {
        try {
            cipher.init(mode, key.throwaway(), params);
        } catch (GeneralSecurityException | RuntimeException refused) {
            // the cipher keeps its state until it is collected; nothing else can reach it once the context is closed
        }
    }

    /**
     * Runs {@code cipher} over {@code in[off..off+len)} and writes the result back to {@code in[off..)} through
     * {@code scratch}; returns the length written.
     */
    static int doFinalInPlace(Cipher cipher, byte[] in, int off, int len, int outLen, OutputScratch scratch)
            throws GeneralSecurityException {
        byte[] out = scratch.atLeast(outLen);
        int n = cipher.doFinal(in, off, len, out, 0);
        if (n != outLen) {
            throw new IllegalStateException(cipher.getAlgorithm() + " wrote " + n + " bytes, expected " + outLen);
        }
        System.arraycopy(out, 0, in, off, n);
        return n;
    }

    /** {@link #doFinalInPlace} for ciphers without integrity, whose output is as long as their input. */
    static void cryptInPlace(Cipher cipher, byte[] buf, int off, int len, OutputScratch scratch) {
        try {
            doFinalInPlace(cipher, buf, off, len, len, scratch);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(cipher.getAlgorithm() + ": " + e.getMessage(), e);
        }
    }
}
