package org.ipsec4j.esp;

import java.util.Arrays;
import org.ipsec4j.api.crypto.AeadContext;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.crypto.EncryptionContext;
import org.ipsec4j.api.crypto.IntegrityContext;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;

/**
 * One SA's algorithms keyed for one thread, with the sizes ESP derives from them: the SA configuration and registry
 * generation it was bound for (it is bound again when either changes), the providers it came from, and either a reason
 * it cannot be used ({@link #failure}, kept so that a missing algorithm costs no lookup per packet) or the contexts:
 * an {@link AeadContext}, or an optional {@link EncryptionContext} (none: authentication-only ESP) with an optional
 * {@link IntegrityContext} (none: encryption-only ESP, as KAME allows). Used by its thread only.
 */
final class EspBinding {
    final SecurityAssociation config;
    /** The registry generation this binding is current for; only its own thread writes it. */
    long generation;
    /** Why the SA cannot be used ({@link Verdict#NO_ALGORITHM}, {@link Verdict#BAD_STATE}), or null. */
    final Verdict failure;

    final AlgorithmProvider cipherProvider;
    final AlgorithmProvider integrityProvider;
    final EncryptionContext cipher;
    final AeadContext aead;
    final IntegrityContext integrity;

    /** Explicit IV bytes per packet. */
    final int ivSize;
    /** Payload, padding, pad length and next header fill a multiple of this: the block size, at least 4. */
    final int alignment;
    final int icvSize;
    /** The IV is the 64-bit sequence number (counter modes) rather than random bytes (CBC). */
    final boolean counterIv;
    /** The SA state this binding belongs to (null for a failure). */
    final EspSaState owner;
    /** The SA's endpoints, for tunnel mode's outer header. */
    final byte[] source;
    final byte[] destination;

    private EspBinding(SecurityAssociation config, long generation, Verdict failure) {
        this(config, generation, failure, null, null, null, null, null, 0, 4, 0, false, null);
    }

    private EspBinding(SecurityAssociation config, long generation, Verdict failure, AlgorithmProvider cipherProvider,
            AlgorithmProvider integrityProvider, EncryptionContext cipher, AeadContext aead, IntegrityContext integrity,
            int ivSize, int alignment, int icvSize, boolean counterIv, EspSaState owner) {
        this.config = config;
        this.generation = generation;
        this.failure = failure;
        this.cipherProvider = cipherProvider;
        this.integrityProvider = integrityProvider;
        this.cipher = cipher;
        this.aead = aead;
        this.integrity = integrity;
        this.ivSize = ivSize;
        this.alignment = alignment;
        this.icvSize = icvSize;
        this.counterIv = counterIv;
        this.owner = owner;
        this.source = config.source().getAddress();
        this.destination = config.destination().getAddress();
    }

    /**
     * Binds {@code config}'s algorithms as {@code registry} offers them now. Returns {@code previous} itself, marked
     * current for {@code generation}, when it is usable and its providers are still the preferred ones, so a registry
     * change that does not concern this SA keeps its contexts.
     */
    static EspBinding bind(SecurityAssociation config, AlgorithmRegistry registry, long generation,
            EspBinding previous, EspSaState state) {
        AlgorithmKey enc = config.encryption().orElse(null);
        AlgorithmKey auth = config.authentication().orElse(null);
        if (enc == null && auth == null) {
            return new EspBinding(config, generation, Verdict.BAD_STATE);
        }
        AlgorithmProvider encProvider = null;
        boolean combined = false;
        if (enc != null) {
            encProvider = registry.find(AlgorithmKind.AEAD, enc.name()).orElse(null);
            combined = encProvider != null;
            if (encProvider == null) {
                encProvider = registry.find(AlgorithmKind.ENCRYPTION, enc.name()).orElse(null);
            }
            if (encProvider == null) {
                return new EspBinding(config, generation, Verdict.NO_ALGORITHM);
            }
        }
        if (combined && auth != null) {
            // RFC 4106 section 8.4, RFC 7634 section 2: a combined mode takes no separate integrity algorithm.
            return new EspBinding(config, generation, Verdict.BAD_STATE);
        }
        AlgorithmProvider authProvider = null;
        if (auth != null) {
            authProvider = registry.find(AlgorithmKind.INTEGRITY, auth.name()).orElse(null);
            if (authProvider == null) {
                return new EspBinding(config, generation, Verdict.NO_ALGORITHM);
            }
        }
        if (previous != null && previous.failure == null && previous.config == config
                && previous.cipherProvider == encProvider && previous.integrityProvider == authProvider) {
            previous.generation = generation;
            return previous;
        }
        return keyed(config, generation, encProvider, combined, authProvider, enc, auth, state);
    }

    private static EspBinding keyed(SecurityAssociation config, long generation, AlgorithmProvider encProvider,
            boolean combined, AlgorithmProvider authProvider, AlgorithmKey enc, AlgorithmKey auth, EspSaState state) {
        AlgorithmContext encContext = null;
        AlgorithmContext authContext = null;
        try {
            encContext = enc != null ? newContext(encProvider, enc) : null;
            authContext = auth != null ? newContext(authProvider, auth) : null;
            if ((encContext != null && !(combined ? encContext instanceof AeadContext
                    : encContext instanceof EncryptionContext))
                    || (authContext != null && !(authContext instanceof IntegrityContext))) {
                throw new IllegalArgumentException("provider made a context of the wrong kind");
            }
        } catch (IllegalArgumentException e) {
            // The provider refused the key (length, weak key) or is broken: as if it were not there.
            closeQuietly(encContext);
            closeQuietly(authContext);
            return new EspBinding(config, generation, Verdict.NO_ALGORITHM);
        } catch (IllegalStateException e) {
            // The SA's keys were destroyed: it was deleted while we bound it.
            closeQuietly(encContext);
            closeQuietly(authContext);
            return new EspBinding(config, generation, Verdict.BAD_STATE);
        }
        AlgorithmDescriptor encDesc = encProvider != null ? encProvider.descriptor() : null;
        int ivSize = encDesc != null ? encDesc.ivSize() : 0;
        int alignment = Math.max(4, encDesc != null ? encDesc.blockSize() : 1);
        int icvSize = combined ? encDesc.icvSize() : authProvider != null ? authProvider.descriptor().icvSize() : 0;
        boolean counterIv = ivSize > 0 && (combined || encDesc.blockSize() <= 1);
        return new EspBinding(config, generation, null, encProvider, authProvider,
                combined ? null : (EncryptionContext) encContext, combined ? (AeadContext) encContext : null,
                (IntegrityContext) authContext, ivSize, alignment, icvSize, counterIv,
                state);
    }

    private static AlgorithmContext newContext(AlgorithmProvider provider, AlgorithmKey key) {
        byte[] k = key.key();
        try {
            return provider.newContext(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** Closes the contexts, zeroing their keys. */
    void close() {
        closeQuietly(cipher);
        closeQuietly(aead);
        closeQuietly(integrity);
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
