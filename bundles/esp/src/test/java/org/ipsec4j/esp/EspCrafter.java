package org.ipsec4j.esp;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.EncryptionContext;
import org.ipsec4j.api.crypto.IntegrityContext;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;

/**
 * Builds ESP packets by hand, with whatever trailer a test wants (bad padding, odd next headers), encrypted and
 * authenticated with the registry's contexts directly, without the ESP code under test. For a CBC cipher or null
 * encryption with an HMAC, no ESN.
 */
final class EspCrafter {
    private EspCrafter() {
    }

    /** An IPv4 packet from the SA's source to its destination carrying the crafted ESP. */
    static byte[] ipv4(TestRegistry registry, SecurityAssociation sa, int seq, byte[] payload, byte[] padding,
            int padLengthField, int nextHeader) {
        return Packets.ipv4(sa.source(), sa.destination(), IpProtocol.ESP,
                esp(registry, sa, seq, payload, padding, padLengthField, nextHeader));
    }

    static byte[] esp(TestRegistry registry, SecurityAssociation sa, int seq, byte[] payload, byte[] padding,
            int padLengthField, int nextHeader) {
        String encName = sa.encryption().orElseThrow().name();
        var encProvider = registry.find(AlgorithmKind.ENCRYPTION, encName).orElseThrow();
        int ivSize = encProvider.descriptor().ivSize();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) (sa.spi() >>> 24), (byte) (sa.spi() >>> 16), (byte) (sa.spi() >>> 8),
            (byte) sa.spi(), (byte) (seq >>> 24), (byte) (seq >>> 16), (byte) (seq >>> 8), (byte) seq});
        byte[] iv = new byte[ivSize];
        Arrays.fill(iv, (byte) 0x5a);
        b.writeBytes(iv);
        b.writeBytes(payload);
        b.writeBytes(padding);
        b.write(padLengthField);
        b.write(nextHeader);
        byte[] body = b.toByteArray();
        int textOff = 8 + ivSize;
        try (EncryptionContext enc = (EncryptionContext) encProvider.newContext(sa.encryption().get().key())) {
            enc.encrypt(body, 8, body, textOff, body.length - textOff);
        }
        String authName = sa.authentication().orElseThrow().name();
        var authProvider = registry.find(AlgorithmKind.INTEGRITY, authName).orElseThrow();
        int icv = authProvider.descriptor().icvSize();
        byte[] out = Arrays.copyOf(body, body.length + icv);
        try (IntegrityContext mac = (IntegrityContext) authProvider.newContext(sa.authentication().get().key())) {
            mac.update(body, 0, body.length);
            mac.finish(out, body.length);
        }
        return out;
    }

    static byte[] seqPad(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i + 1);
        }
        return p;
    }
}
