package org.ipsec4j.bench;

import org.ipsec4j.api.crypto.AeadContext;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.crypto.EncryptionContext;
import org.ipsec4j.api.crypto.IntegrityContext;

/**
 * A suite's work on the algorithm contexts that {@code registry} offers (the {@code cipher-jce} and {@code cipher-bc}
 * providers), called exactly as ESP calls them: an AEAD seals with the 8-byte ESP header as AAD and a counter as IV;
 * otherwise the cipher encrypts with the IV in the packet and the integrity context covers ESP header, IV and
 * ciphertext.
 */
final class ProviderCrypto extends PacketCrypto {
    private final AeadContext aead;
    private final EncryptionContext cipher;
    private final IntegrityContext integrity;
    private long counter;

    ProviderCrypto(Suite s, AlgorithmRegistry registry) {
        super(s.icvSize());
        if (s.combined()) {
            aead = (AeadContext) registry.find(AlgorithmKind.AEAD, s.encryption).orElseThrow()
                    .newContext(Suite.key(s.encryptionKeyBits, 1));
            cipher = null;
            integrity = null;
        } else {
            aead = null;
            cipher = (EncryptionContext) registry.find(AlgorithmKind.ENCRYPTION, s.encryption).orElseThrow()
                    .newContext(Suite.key(s.encryptionKeyBits, 1));
            integrity = (IntegrityContext) registry.find(AlgorithmKind.INTEGRITY, s.integrity).orElseThrow()
                    .newContext(Suite.key(s.integrityKeyBits, 2));
        }
    }

    @Override
    void seal(byte[] buf, int espOff, int ivOff, int dataOff, int textLen) {
        if (aead != null) {
            long c = ++counter;
            for (int i = 0; i < 8; i++) {
                buf[ivOff + i] = (byte) (c >>> (56 - 8 * i));
            }
            aead.seal(buf, ivOff, buf, espOff, 8, buf, dataOff, textLen);
            return;
        }
        cipher.encrypt(buf, ivOff, buf, dataOff, textLen);
        int icvOff = dataOff + textLen;
        integrity.update(buf, espOff, icvOff - espOff);
        integrity.finish(buf, icvOff);
    }

    @Override
    boolean open(byte[] buf, int espOff, int ivOff, int dataOff, int textLen) {
        if (aead != null) {
            return aead.open(buf, ivOff, buf, espOff, 8, buf, dataOff, textLen);
        }
        int icvOff = dataOff + textLen;
        integrity.update(buf, espOff, icvOff - espOff);
        if (!integrity.verify(buf, icvOff)) {
            return false;
        }
        cipher.decrypt(buf, ivOff, buf, dataOff, textLen);
        return true;
    }
}
