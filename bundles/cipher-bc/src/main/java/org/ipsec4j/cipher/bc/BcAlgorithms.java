package org.ipsec4j.cipher.bc;

import static org.ipsec4j.api.crypto.StandardAlgorithms.AES_CBC;
import static org.ipsec4j.api.crypto.StandardAlgorithms.AES_CMAC;
import static org.ipsec4j.api.crypto.StandardAlgorithms.AES_CTR;
import static org.ipsec4j.api.crypto.StandardAlgorithms.AES_GCM_12;
import static org.ipsec4j.api.crypto.StandardAlgorithms.AES_GCM_16;
import static org.ipsec4j.api.crypto.StandardAlgorithms.AES_GCM_8;
import static org.ipsec4j.api.crypto.StandardAlgorithms.AES_GMAC;
import static org.ipsec4j.api.crypto.StandardAlgorithms.AES_XCBC_MAC;
import static org.ipsec4j.api.crypto.StandardAlgorithms.BLOWFISH_CBC;
import static org.ipsec4j.api.crypto.StandardAlgorithms.CAMELLIA_CBC;
import static org.ipsec4j.api.crypto.StandardAlgorithms.CAST128_CBC;
import static org.ipsec4j.api.crypto.StandardAlgorithms.CHACHA20_POLY1305;
import static org.ipsec4j.api.crypto.StandardAlgorithms.DES_32IV;
import static org.ipsec4j.api.crypto.StandardAlgorithms.DES_CBC;
import static org.ipsec4j.api.crypto.StandardAlgorithms.DES_DERIV;
import static org.ipsec4j.api.crypto.StandardAlgorithms.HMAC_MD5;
import static org.ipsec4j.api.crypto.StandardAlgorithms.HMAC_RIPEMD160;
import static org.ipsec4j.api.crypto.StandardAlgorithms.HMAC_SHA1;
import static org.ipsec4j.api.crypto.StandardAlgorithms.HMAC_SHA256;
import static org.ipsec4j.api.crypto.StandardAlgorithms.HMAC_SHA256_96;
import static org.ipsec4j.api.crypto.StandardAlgorithms.HMAC_SHA384;
import static org.ipsec4j.api.crypto.StandardAlgorithms.HMAC_SHA512;
import static org.ipsec4j.api.crypto.StandardAlgorithms.KEYED_MD5;
import static org.ipsec4j.api.crypto.StandardAlgorithms.KEYED_SHA1;
import static org.ipsec4j.api.crypto.StandardAlgorithms.NULL_ENCRYPTION;
import static org.ipsec4j.api.crypto.StandardAlgorithms.NULL_INTEGRITY;
import static org.ipsec4j.api.crypto.StandardAlgorithms.TRIPLE_DES_CBC;
import static org.ipsec4j.api.crypto.StandardAlgorithms.TWOFISH_CBC;

import java.util.List;
import java.util.function.Supplier;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.Mac;
import org.bouncycastle.crypto.digests.MD5Digest;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.BlowfishEngine;
import org.bouncycastle.crypto.engines.CAST5Engine;
import org.bouncycastle.crypto.engines.CamelliaEngine;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.engines.TwofishEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.macs.HMac;
import org.ipsec4j.algorithms.support.NullEncryptionContext;
import org.ipsec4j.algorithms.support.NullIntegrityContext;
import org.ipsec4j.algorithms.support.OfferedAlgorithm;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.cipher.bc.BcAeadContext.Mode;

/**
 * The algorithms this bundle offers, with their default {@code service.ranking}: {@link #FASTER} for des-cbc, 3des-cbc
 * and blowfish-cbc, where Bouncy Castle's lightweight engines measured faster than SunJCE, {@link #OTHERS} for the
 * rest, which SunJCE does faster when it has them (AES and GHASH in hardware, SHA intrinsics) or which only this
 * bundle offers (CAST-128, Twofish, Camellia, AES-XCBC-MAC, AES-CMAC, aes-gcm-8, HMAC-RIPEMD-160, the keyed digests
 * and KAME's old DES variants). ChaCha20-Poly1305 ranks {@link #CHACHA}, between the two: ahead of SunJCE before JDK
 * 21, which lacks ChaCha20 and Poly1305 intrinsics, behind it from JDK 21 on.
 */
final class BcAlgorithms {
    static final String PROVIDER = "bc";
    static final int FASTER = 200;
    static final int OTHERS = 100;
    static final int CHACHA = 150;

    private static final List<OfferedAlgorithm> ALL = List.of(
            cbc(DES_CBC, FASTER, DESEngine::new),
            cbc(TRIPLE_DES_CBC, FASTER, TripleDesEngine::new),
            offer(NULL_ENCRYPTION, OTHERS, k -> new NullEncryptionContext()),
            cbc(BLOWFISH_CBC, FASTER, BlowfishEngine::new),
            cbc(CAST128_CBC, OTHERS, CAST5Engine::new),
            cbc(DES_DERIV, OTHERS, DESEngine::new),
            cbc(DES_32IV, OTHERS, DESEngine::new),
            cbc(AES_CBC, OTHERS, AESEngine::newInstance),
            cbc(TWOFISH_CBC, OTHERS, TwofishEngine::new),
            offer(AES_CTR, OTHERS, k -> new BcCtrContext(AES_CTR, k)),
            cbc(CAMELLIA_CBC, OTHERS, CamelliaEngine::new),
            aead(AES_GCM_16, Mode.GCM),
            aead(AES_GCM_12, Mode.GCM),
            aead(AES_GCM_8, Mode.GCM),
            aead(AES_GMAC, Mode.GMAC),
            aead(CHACHA20_POLY1305, Mode.CHACHA20_POLY1305),
            hmac(HMAC_MD5, MD5Digest::new),
            hmac(HMAC_SHA1, SHA1Digest::new),
            mac(KEYED_MD5, () -> new KameKeyedDigest(new MD5Digest())),
            mac(KEYED_SHA1, () -> new KameKeyedDigest(new SHA1Digest())),
            hmac(HMAC_SHA256, SHA256Digest::new),
            hmac(HMAC_SHA256_96, SHA256Digest::new),
            hmac(HMAC_SHA384, SHA384Digest::new),
            hmac(HMAC_SHA512, SHA512Digest::new),
            hmac(HMAC_RIPEMD160, RIPEMD160Digest::new),
            mac(AES_XCBC_MAC, AesXcbcMac::new),
            mac(AES_CMAC, () -> new CMac(AESEngine.newInstance(), 128)),
            offer(NULL_INTEGRITY, OTHERS, k -> new NullIntegrityContext()));

    private BcAlgorithms() {
    }

    /** Every algorithm of this bundle, as provider objects with their default rankings. */
    static List<OfferedAlgorithm> all() {
        return ALL;
    }

    /** An HMAC context over {@code digest} for a key of any length; the provider objects check lengths first. */
    static BcMacContext hmacContext(AlgorithmDescriptor d, Supplier<Digest> digest, byte[] key) {
        return new BcMacContext(d, new HMac(digest.get()), key);
    }

    private static OfferedAlgorithm offer(AlgorithmDescriptor d, int ranking,
            java.util.function.Function<byte[], org.ipsec4j.api.crypto.AlgorithmContext> factory) {
        return new OfferedAlgorithm(d, PROVIDER, ranking, factory);
    }

    private static OfferedAlgorithm cbc(AlgorithmDescriptor d, int ranking, Supplier<BlockCipher> engine) {
        return offer(d, ranking, k -> new BcCbcContext(d, engine, k));
    }

    private static OfferedAlgorithm aead(AlgorithmDescriptor d, Mode mode) {
        return offer(d, mode == Mode.CHACHA20_POLY1305 ? CHACHA : OTHERS, k -> new BcAeadContext(d, mode, k));
    }

    private static OfferedAlgorithm hmac(AlgorithmDescriptor d, Supplier<Digest> digest) {
        return offer(d, OTHERS, k -> hmacContext(d, digest, k));
    }

    private static OfferedAlgorithm mac(AlgorithmDescriptor d, Supplier<Mac> mac) {
        return offer(d, OTHERS, k -> new BcMacContext(d, mac.get(), k));
    }
}
