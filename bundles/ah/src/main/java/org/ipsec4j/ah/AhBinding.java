package org.ipsec4j.ah;

import java.util.Arrays;
import org.ipsec4j.api.crypto.AeadContext;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.crypto.IntegrityContext;
import org.ipsec4j.api.crypto.StandardAlgorithms;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;

/**
 * One SA's integrity algorithm keyed for one thread, with the sizes AH derives from it: the SA configuration and
 * registry generation it was bound for (it is bound again when either changes), the provider it came from, and either
 * a reason it cannot be used ({@link #failure}) or the context: an {@link IntegrityContext}, or for {@code aes-gmac}
 * (RFC 4543) an {@link AeadContext} that authenticates only. Used by its thread only.
 *
 * <p>{@code ah-old} (RFC 1826) has no sequence number, and its ICV for {@code hmac-md5}, {@code hmac-sha1},
 * {@code keyed-md5} and {@code keyed-sha1} is 128 bits, as KAME's {@code ah_sumsiz_1216} makes it; other algorithms keep
 * their usual ICV.
 */
final class AhBinding {
    /** AES-GMAC's explicit IV in the AH header (RFC 4543 section 5). */
    static final int GMAC_IV = 8;
    private static final int OLD_ICV = 16;

    final SecurityAssociation config;
    /** The registry generation this binding is current for; only its own thread writes it. */
    long generation;
    /** Why the SA cannot be used ({@link Verdict#NO_ALGORITHM}, {@link Verdict#BAD_STATE}), or null. */
    final Verdict failure;

    final AlgorithmProvider provider;
    final IntegrityContext mac;
    final AeadContext gmac;
    /** RFC 1826 format: no sequence number. */
    final boolean old;
    /** The fixed part of the header: 12 bytes, 8 for ah-old. */
    final int fixed;
    final int ivSize;
    final int icvSize;
    /** The SA state this binding belongs to (null for a failure). */
    final AhSaState owner;
    /** The SA's endpoints, for tunnel mode's outer header. */
    final byte[] source;
    final byte[] destination;

    private AhBinding(SecurityAssociation config, long generation, Verdict failure, AlgorithmProvider provider,
            IntegrityContext mac, AeadContext gmac, boolean old, int ivSize, int icvSize, AhSaState owner) {
        this.config = config;
        this.generation = generation;
        this.failure = failure;
        this.provider = provider;
        this.mac = mac;
        this.gmac = gmac;
        this.old = old;
        this.fixed = old ? AhHeader.OLD_FIXED : AhHeader.FIXED;
        this.ivSize = ivSize;
        this.icvSize = icvSize;
        this.owner = owner;
        this.source = config.source().getAddress();
        this.destination = config.destination().getAddress();
    }

    private static AhBinding failed(SecurityAssociation config, long generation, Verdict failure) {
        return new AhBinding(config, generation, failure, null, null, null, false, 0, 0, null);
    }

    /** The header's length before padding. */
    int unpadded() {
        return fixed + ivSize + icvSize;
    }

    /** The header's length on output: padded to 32 bits over IPv4 (64 with {@code align64Ipv4}), 64 bits over IPv6. */
    int length(boolean ipv4, AhOptions options) {
        return AhHeader.align(unpadded(), ipv4 && !options.align64Ipv4() ? 4 : 8);
    }

    /** Whether an arriving header of {@code ahLen} bytes has a length this SA produces: 32- or 64-bit padding. */
    boolean accepts(int ahLen) {
        return ahLen == AhHeader.align(unpadded(), 4) || ahLen == AhHeader.align(unpadded(), 8);
    }

    /**
     * Binds {@code config}'s algorithm as {@code registry} offers it now. Returns {@code previous} itself, marked
     * current for {@code generation}, when it is usable and its provider is still the preferred one.
     */
    static AhBinding bind(SecurityAssociation config, AlgorithmRegistry registry, long generation, AhBinding previous,
            AhSaState state) {
        AlgorithmKey auth = config.authentication().orElse(null);
        if (auth == null) {
            return failed(config, generation, Verdict.BAD_STATE);
        }
        boolean old = config.protocol() == SaProtocol.AH_OLD;
        AlgorithmProvider provider = registry.find(AlgorithmKind.INTEGRITY, auth.name()).orElse(null);
        boolean gmac = false;
        if (provider == null) {
            provider = registry.find(AlgorithmKind.AEAD, auth.name()).orElse(null);
            if (provider == null) {
                return failed(config, generation, Verdict.NO_ALGORITHM);
            }
            // Of the combined modes only GMAC authenticates without encrypting; RFC 1826 has no IV.
            if (!StandardAlgorithms.AES_GMAC.answersTo(provider.descriptor().name()) || old) {
                return failed(config, generation, Verdict.BAD_STATE);
            }
            gmac = true;
        }
        if (previous != null && previous.failure == null && previous.config == config
                && previous.provider == provider) {
            previous.generation = generation;
            return previous;
        }
        return keyed(config, generation, provider, gmac, old, auth, state);
    }

    private static AhBinding keyed(SecurityAssociation config, long generation, AlgorithmProvider provider,
            boolean gmac, boolean old, AlgorithmKey auth, AhSaState state) {
        AlgorithmContext context = null;
        try {
            context = newContext(provider, auth);
            if (gmac ? !(context instanceof AeadContext) : !(context instanceof IntegrityContext)) {
                throw new IllegalArgumentException("provider made a context of the wrong kind");
            }
        } catch (IllegalArgumentException e) {
            // The provider refused the key or is broken: as if it were not there.
            closeQuietly(context);
            return failed(config, generation, Verdict.NO_ALGORITHM);
        } catch (IllegalStateException e) {
            // The SA's key was destroyed: it was deleted while we bound it.
            closeQuietly(context);
            return failed(config, generation, Verdict.BAD_STATE);
        }
        int icv = provider.descriptor().icvSize();
        if (gmac) {
            return new AhBinding(config, generation, null, provider, null, (AeadContext) context, false, GMAC_IV, icv,
                    state);
        }
        IntegrityContext mac = (IntegrityContext) context;
        if (old && kameOld128(provider.descriptor().name())) {
            if (mac.macSize() < OLD_ICV) {
                closeQuietly(context);
                return failed(config, generation, Verdict.BAD_STATE);
            }
            icv = OLD_ICV;
        }
        return new AhBinding(config, generation, null, provider, mac, null, old, 0, icv, state);
    }

    private static boolean kameOld128(String name) {
        return name.equals("hmac-md5") || name.equals("hmac-sha1") || name.equals("keyed-md5")
                || name.equals("keyed-sha1");
    }

    private static AlgorithmContext newContext(AlgorithmProvider provider, AlgorithmKey key) {
        byte[] k = key.key();
        try {
            return provider.newContext(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** Closes the context, zeroing its key. */
    void close() {
        closeQuietly(mac);
        closeQuietly(gmac);
    }

    private static void closeQuietly(AlgorithmContext c) {
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // closing must not stop us closing the others
            }
        }
    }
}
