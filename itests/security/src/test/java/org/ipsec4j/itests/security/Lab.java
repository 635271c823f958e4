package org.ipsec4j.itests.security;

import java.util.List;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.transform.Verdict;

/**
 * A sender and a receiver with the SAs of some {@link Family families}: the sender protects plaintext packets through
 * its engine's {@code out} policies, the receiver takes what arrives through its engine's {@code input}, whose
 * {@code in} policies require the protection.
 */
final class Lab implements AutoCloseable {
    final Node sender;
    final Node receiver = new Node(Family.RECEIVER4, Family.RECEIVER6);
    final List<Family> families;

    /** @param replayBytes the receiver's replay windows ({@code -r}), 0 for none */
    Lab(List<Family> families, int replayBytes) {
        this(families, replayBytes, false);
    }

    /** @param reproducible whether the sender's IVs follow from the sequence numbers (same packets every run) */
    Lab(List<Family> families, int replayBytes, boolean reproducible) {
        this.sender = new Node(reproducible ? Node.REPRODUCIBLE_IVS : null);
        this.families = families;
        StringBuilder sas = new StringBuilder();
        StringBuilder out = new StringBuilder();
        StringBuilder in = new StringBuilder();
        for (Family f : families) {
            sas.append(f.saStatement(replayBytes));
            out.append(f.outPolicy());
            in.append(f.inPolicy());
        }
        sender.setkey(sas + out.toString());
        receiver.setkey(sas + in.toString());
    }

    /** The plaintext packet number {@code seq} of {@code f}: UDP with a compressible payload of {@code size} bytes. */
    static byte[] plaintext(Family f, int seq, int size) {
        byte[] payload = Packets.payload(seq, size);
        return f.ipv4() ? Packets.udp4(f.inner()[0], f.inner()[1], seq, payload)
                : Packets.udp6(f.inner()[0], f.inner()[1], payload);
    }

    /** {@code plain} as the sender puts it on the wire. */
    byte[] protect(byte[] plain) {
        PacketBuffer b = Packets.buffer(plain);
        Verdict v = sender.engine.output(b);
        if (v != Verdict.OK) {
            throw new IllegalStateException("the sender could not protect a packet: " + v);
        }
        return b.toByteArray();
    }

    /** What the receiver makes of {@code wire}; {@code into} holds the result. */
    Verdict receive(byte[] wire, PacketBuffer into) {
        into.set(org.ipsec4j.api.io.PacketBuffers.HEADROOM, wire, 0, wire.length);
        return receiver.engine.input(into);
    }

    /** The receiver's SA of {@code f}. */
    SaEntry receiverSa(Family f) {
        return receiver.sad.get(id(f)).orElseThrow();
    }

    static SaId id(Family f) {
        SaProtocol p = f.ah() ? SaProtocol.AH : f.rule().startsWith("ipcomp/") ? SaProtocol.IPCOMP : SaProtocol.ESP;
        return new SaId(Node.address(f.ipv4() ? Family.RECEIVER4 : Family.RECEIVER6), p, f.spi());
    }

    @Override
    public void close() {
        sender.close();
        receiver.close();
    }
}
