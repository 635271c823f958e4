package org.ipsec4j.cipher.jce;

import static org.ipsec4j.api.crypto.StandardAlgorithms.AES_CBC;
import static org.ipsec4j.api.crypto.StandardAlgorithms.AES_CTR;
import static org.ipsec4j.api.crypto.StandardAlgorithms.AES_GCM_12;
import static org.ipsec4j.api.crypto.StandardAlgorithms.AES_GCM_16;
import static org.ipsec4j.api.crypto.StandardAlgorithms.AES_GMAC;
import static org.ipsec4j.api.crypto.StandardAlgorithms.BLOWFISH_CBC;
import static org.ipsec4j.api.crypto.StandardAlgorithms.CHACHA20_POLY1305;
import static org.ipsec4j.api.crypto.StandardAlgorithms.DEFLATE;
import static org.ipsec4j.api.crypto.StandardAlgorithms.DES_CBC;
import static org.ipsec4j.api.crypto.StandardAlgorithms.HMAC_MD5;
import static org.ipsec4j.api.crypto.StandardAlgorithms.HMAC_SHA1;
import static org.ipsec4j.api.crypto.StandardAlgorithms.HMAC_SHA256;
import static org.ipsec4j.api.crypto.StandardAlgorithms.HMAC_SHA256_96;
import static org.ipsec4j.api.crypto.StandardAlgorithms.HMAC_SHA384;
import static org.ipsec4j.api.crypto.StandardAlgorithms.HMAC_SHA512;
import static org.ipsec4j.api.crypto.StandardAlgorithms.NULL_ENCRYPTION;
import static org.ipsec4j.api.crypto.StandardAlgorithms.NULL_INTEGRITY;
import static org.ipsec4j.api.crypto.StandardAlgorithms.TRIPLE_DES_CBC;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.zip.Deflater;
import org.ipsec4j.algorithms.support.NullEncryptionContext;
import org.ipsec4j.algorithms.support.NullIntegrityContext;
import org.ipsec4j.algorithms.support.OfferedAlgorithm;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.cipher.jce.JceAeadContext.Mode;

/**
 * The algorithms this bundle offers, with their default {@code service.ranking}: {@link #FASTER} where the JDK's
 * intrinsics (AES-NI, CLMUL for GHASH, SHA extensions) make SunJCE the quicker provider, {@link #SLOWER} where Bouncy
 * Castle's lightweight engines measured faster (DES, 3DES, Blowfish). ChaCha20-Poly1305 ranks {@link #CHACHA}: SunJCE
 * has ChaCha20 and Poly1305 intrinsics from JDK 20 on (3.6 times Bouncy Castle's speed measured on JDK 25), but is
 * slower than Bouncy Castle without them (JDK 17: 0.75 times); Bouncy Castle ranks it 150, in between. aes-gcm-8 is
 * missing: SunJCE refuses GCM tags shorter than 96 bits. {@code deflate} (IPComp) is the JDK's zlib.
 */
final class JceAlgorithms {
    static final String PROVIDER = "jce";
    static final int FASTER = 200;
    static final int SLOWER = 100;
    static final int CHACHA = Runtime.version().feature() >= 21 ? FASTER : SLOWER;

    private record Entry(AlgorithmDescriptor descriptor, int ranking, BooleanSupplier available,
            Function<byte[], AlgorithmContext> factory) {
    }

    private static final List<Entry> ALL = List.of(
            cbc(DES_CBC, SLOWER, "DES"),
            cbc(TRIPLE_DES_CBC, SLOWER, "DESede"),
            cbc(BLOWFISH_CBC, SLOWER, "Blowfish"),
            cbc(AES_CBC, FASTER, "AES"),
            new Entry(AES_CTR, FASTER, () -> Jce.hasCipher("AES/CTR/NoPadding"), k -> new JceCtrContext(AES_CTR, k)),
            aead(AES_GCM_16, Mode.GCM),
            aead(AES_GCM_12, Mode.GCM),
            aead(AES_GMAC, Mode.GMAC),
            aead(CHACHA20_POLY1305, Mode.CHACHA20_POLY1305),
            new Entry(NULL_ENCRYPTION, FASTER, () -> true, k -> new NullEncryptionContext()),
            hmac(HMAC_MD5, "HmacMD5"),
            hmac(HMAC_SHA1, "HmacSHA1"),
            hmac(HMAC_SHA256, "HmacSHA256"),
            hmac(HMAC_SHA256_96, "HmacSHA256"),
            hmac(HMAC_SHA384, "HmacSHA384"),
            hmac(HMAC_SHA512, "HmacSHA512"),
            new Entry(NULL_INTEGRITY, FASTER, () -> true, k -> new NullIntegrityContext()),
            new Entry(DEFLATE, FASTER, () -> true, k -> new JdkDeflateContext(Deflater.DEFAULT_COMPRESSION)));

    private JceAlgorithms() {
    }

    /** The algorithms this JDK can do, as provider objects with their default rankings. */
    static List<OfferedAlgorithm> available() {
        List<OfferedAlgorithm> out = new ArrayList<>();
        for (Entry e : ALL) {
            if (e.available().getAsBoolean()) {
                out.add(new OfferedAlgorithm(e.descriptor(), PROVIDER, e.ranking(), e.factory()));
            }
        }
        return out;
    }

    private static Entry cbc(AlgorithmDescriptor d, int ranking, String jceName) {
        return new Entry(d, ranking, () -> Jce.hasCipher(jceName + "/CBC/NoPadding"),
                k -> new JceCbcContext(d, jceName, k));
    }

    private static Entry aead(AlgorithmDescriptor d, Mode mode) {
        int ranking = mode == Mode.CHACHA20_POLY1305 ? CHACHA : FASTER;
        return new Entry(d, ranking, () -> Jce.hasCipher(mode.transformation), k -> new JceAeadContext(d, mode, k));
    }

    private static Entry hmac(AlgorithmDescriptor d, String jceName) {
        return new Entry(d, FASTER, () -> Jce.hasMac(jceName), k -> new JceHmacContext(d, jceName, k));
    }
}
