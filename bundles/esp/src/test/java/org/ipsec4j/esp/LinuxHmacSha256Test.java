package org.ipsec4j.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.esp.EspRoundTripTest.Layout;
import org.ipsec4j.sad.SaTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code hmac-sha256-96}, HMAC-SHA-256 with the 96-bit ICV that Linux's PF_KEY uses: ESP round trips in every layout,
 * an ICV on the wire that is the HMAC-SHA-256 of ESP header, IV and ciphertext (computed here with the JDK's
 * {@link Mac}, not through the provider) cut to 12 bytes, packets 4 bytes shorter than with RFC 4868's
 * {@code hmac-sha256}, and what happens when the two ends disagree on the length.
 */
class LinuxHmacSha256Test {
    private static final TestRegistry REGISTRY = TestRegistry.withJce();
    private static final byte[] AUTH_KEY = TestSas.hex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
    private static final int[] PAYLOADS = {0, 1, 15, 16, 17, 100, 1400};

    private static SecurityAssociation sa(Layout layout, String enc, String auth) {
        SecurityAssociation.Builder b = TestSas.esp(layout.src(), layout.dst(), 0x25696).mode(layout.mode)
                .replayWindowBytes(32).authentication(new AlgorithmKey(auth, AUTH_KEY.clone()));
        return b.encryption(EspPair.key(REGISTRY, enc, 1)).build();
    }

    /** Where the ESP header starts in a protected packet of {@code layout}. */
    private static int espOffset(Layout layout) {
        return layout == Layout.TRANSPORT_6 ? 88 : layout.outer6 ? 40 : 20;
    }

    private static byte[] hmacSha256(byte[] data, int off, int len) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(AUTH_KEY, "HmacSHA256"));
        mac.update(data, off, len);
        return mac.doFinal();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Layout.class)
    void roundTripsWithA96BitIcvOnTheWire(Layout layout) throws GeneralSecurityException {
        EspPair linux = new EspPair(REGISTRY, sa(layout, "aes-cbc", "hmac-sha256-96"));
        EspPair rfc4868 = new EspPair(REGISTRY, sa(layout, "aes-cbc", "hmac-sha256"));
        long bytes = 0;
        for (int n : PAYLOADS) {
            byte[] plain = layout.packet(n);
            PacketBuffer pkt = Packets.buffer(plain);
            assertEquals(Verdict.OK, linux.sender.output(pkt, linux.out));
            byte[] wire = pkt.toByteArray();

            int esp = espOffset(layout);
            int icvAt = wire.length - 12;
            assertEquals(TestSas.hex(Arrays.copyOf(hmacSha256(wire, esp, icvAt - esp), 12)),
                    TestSas.hex(Arrays.copyOfRange(wire, icvAt, wire.length)), "HMAC-SHA-256 cut to 96 bits");
            PacketBuffer longer = Packets.buffer(plain);
            assertEquals(Verdict.OK, rfc4868.sender.output(longer, rfc4868.out));
            assertEquals(longer.length() - 4, wire.length, "4 bytes less ICV than RFC 4868's");

            assertEquals(Verdict.OK, linux.receiver.input(pkt, linux.in), "payload " + n);
            assertEquals(TestSas.hex(plain), TestSas.hex(pkt.toByteArray()));
            bytes += plain.length;
        }
        EspPair.assertSameCounters(PAYLOADS.length, bytes, linux.out);
        EspPair.assertSameCounters(PAYLOADS.length, bytes, linux.in);
        assertEquals(Map.of(), linux.in.counters().drops());
    }

    /**
     * An end keyed for 96 bits and one keyed for 128 bits with the same key never agree: each takes the wrong number
     * of trailing bytes for the ICV. With a block cipher the rest is then no whole number of blocks; otherwise the ICV
     * does not verify. Both are counted drops, and the window stays where it was.
     */
    @ParameterizedTest(name = "{0}: {1} to {2}")
    @CsvSource({"aes-cbc, hmac-sha256-96, hmac-sha256, BAD_LENGTH", "aes-cbc, hmac-sha256, hmac-sha256-96, BAD_LENGTH",
            "aes-ctr, hmac-sha256-96, hmac-sha256, AUTH_FAILED", "aes-ctr, hmac-sha256, hmac-sha256-96, AUTH_FAILED",
            "null, hmac-sha256-96, hmac-sha256, AUTH_FAILED", "null, hmac-sha256, hmac-sha256-96, AUTH_FAILED"})
    void endsThatDisagreeOnTheIcvLengthDropEveryPacket(String enc, String senderAuth, String receiverAuth,
            Verdict expected) {
        SaEntry out = new SaTable().add(sa(Layout.TUNNEL_4_IN_4, enc, senderAuth));
        SaEntry in = new SaTable().add(sa(Layout.TUNNEL_4_IN_4, enc, receiverAuth));
        EspTransform sender = new EspTransform(REGISTRY);
        EspTransform receiver = new EspTransform(REGISTRY);
        for (int n : PAYLOADS) {
            PacketBuffer pkt = Packets.buffer(Layout.TUNNEL_4_IN_4.packet(n));
            assertEquals(Verdict.OK, sender.output(pkt, out));
            assertEquals(expected, receiver.input(pkt, in), "payload " + n);
        }
        assertEquals(Map.of(expected, (long) PAYLOADS.length), in.counters().drops());
        assertEquals(0, in.counters().packets());
        assertEquals(0, in.counters().sequence());
    }

    @Test
    void theSetkeyKeyIsTheSameForBothLengths() {
        var linux = REGISTRY.find(org.ipsec4j.api.crypto.AlgorithmKind.INTEGRITY, "hmac-sha256-96").orElseThrow();
        var rfc = REGISTRY.find(org.ipsec4j.api.crypto.AlgorithmKind.INTEGRITY, "hmac-sha256").orElseThrow();
        assertEquals(rfc.descriptor().keySizes(), linux.descriptor().keySizes());
        assertEquals(12, linux.descriptor().icvSize());
        assertEquals(16, rfc.descriptor().icvSize());
    }
}
