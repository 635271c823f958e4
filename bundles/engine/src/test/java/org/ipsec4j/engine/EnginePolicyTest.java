package org.ipsec4j.engine;

import static org.ipsec4j.engine.TestPackets.buffer;
import static org.ipsec4j.engine.TestPackets.icmp;
import static org.ipsec4j.engine.TestPackets.ipv4;
import static org.ipsec4j.engine.TestPackets.ipv6;
import static org.ipsec4j.engine.TestPackets.tcp;
import static org.ipsec4j.engine.TestPackets.udp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.ipsec4j.api.event.SadbEvents;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's policy decisions over the real SAD, SPD and setkey, for packets that need no cryptography. */
class EnginePolicyTest {
    private static final String A = "192.0.2.1";
    private static final String B = "192.0.2.2";
    private final Host a = new Host(A);
    private final Host b = new Host(B);

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private static byte[] udpAtoB(String text) {
        return ipv4(A, B, 17, udp(4000, 53, text));
    }

    private static Verdict out(Host h, byte[] packet, byte[] expectedOnWire) {
        PacketBuffer pkt = buffer(packet);
        Verdict v = h.engine.output(pkt);
        if (expectedOnWire != null) assertArrayEquals(expectedOnWire, pkt.toByteArray());
        return v;
    }

    @Test
    void withoutPolicyPacketsLeaveInPlaintext() {
        byte[] p = udpAtoB("hello");
        assertEquals(Verdict.OK, out(a, p, p));
        EngineStatistics s = a.engine.statistics();
        assertEquals(1, s.outPlaintext());
        assertEquals(0, s.outSuccess());
        assertEquals(0, s.outDropped());
    }

    @Test
    void defaultPolicyDiscardDropsUnmatchedPackets() {
        a.settings.defPolicy(EngineSettings.POLICY_DISCARD);
        assertEquals(Verdict.POLICY_DISCARD, out(a, udpAtoB("x"), null));
        assertEquals(1, a.engine.statistics().outPolicyViolation());
        b.settings.defPolicy(EngineSettings.POLICY_DISCARD);
        assertEquals(Verdict.POLICY_DISCARD, b.engine.input(buffer(udpAtoB("x"))));
        assertEquals(1, b.engine.statistics().inPolicyViolation());
    }

    @Test
    void discardAndNonePolicies() {
        a.setkey("spdadd 192.0.2.1 192.0.2.2 udp -P out discard;\n"
                + "spdadd 192.0.2.1 192.0.2.2 tcp -P out none;\n");
        assertEquals(Verdict.POLICY_DISCARD, out(a, udpAtoB("x"), null));
        byte[] syn = ipv4(A, B, 6, tcp(4000, 80));
        assertEquals(Verdict.OK, out(a, syn, syn));
        EngineStatistics s = a.engine.statistics();
        assertEquals(1, s.outDrops(Verdict.POLICY_DISCARD));
        assertEquals(1, s.outPlaintext());
        assertEquals(1, a.spd.dump().stream().filter(e -> e.policy().action().setkeyName().equals("discard"))
                .findFirst().orElseThrow().matches());
    }

    @Test
    void useWithoutSaSendsPlaintext() {
        a.setkey("spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//use;\n");
        byte[] p = udpAtoB("plain");
        assertEquals(Verdict.OK, out(a, p, p));
        assertEquals(1, a.engine.statistics().outPlaintext());
        assertEquals(List.of(), a.events(SadbEvents.TOPIC_ACQUIRE));
    }

    @Test
    void requireWithoutSaDropsAndRaisesOneAcquire() {
        a.setkey("spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//require;\n");
        assertEquals(Verdict.NO_SA_FOR_POLICY, out(a, udpAtoB("1"), null));
        assertEquals(Verdict.NO_SA_FOR_POLICY, out(a, udpAtoB("2"), null));
        List<Host.Event> acquires = a.events(SadbEvents.TOPIC_ACQUIRE);
        assertEquals(1, acquires.size(), "the SAD suppresses the repeated acquire");
        Host.Event e = acquires.get(0);
        assertEquals(A, e.properties().get(SadbEvents.SOURCE));
        assertEquals(B, e.properties().get(SadbEvents.DESTINATION));
        assertEquals("esp", e.properties().get(SadbEvents.PROTOCOL));
        assertEquals("transport", e.properties().get(SadbEvents.MODE));
        EngineStatistics s = a.engine.statistics();
        assertEquals(2, s.outNoSa());
        assertEquals(1, s.acquires());
    }

    @Test
    void tunnelRuleAcquiresForTheTunnelEndpoints() {
        a.setkey("spdadd 198.51.100.0/24 203.0.113.0/24 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/require;\n");
        assertEquals(Verdict.NO_SA_FOR_POLICY, out(a, ipv4("198.51.100.7", "203.0.113.9", 17, udp(1, 2, "t")), null));
        Host.Event e = a.events(SadbEvents.TOPIC_ACQUIRE).get(0);
        assertEquals(A, e.properties().get(SadbEvents.SOURCE));
        assertEquals(B, e.properties().get(SadbEvents.DESTINATION));
        assertEquals("tunnel", e.properties().get(SadbEvents.MODE));
    }

    @Test
    void defaultLevelFollowsTheSystemWideLevelOfProtocolAndMode() {
        a.setkey("spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//default;\n"
                + "spdadd 198.51.100.0/24 203.0.113.0/24 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/default;\n");
        byte[] p = udpAtoB("d");
        byte[] q = ipv4("198.51.100.7", "203.0.113.9", 17, udp(1, 2, "t"));
        assertEquals(Verdict.OK, out(a, p, p), "esp_trans_deflev 1: use");
        assertEquals(Verdict.OK, out(a, q, q), "esp_net_deflev 1: use");
        a.settings.espTransDeflev(EngineSettings.LEVEL_REQUIRE);
        assertEquals(Verdict.NO_SA_FOR_POLICY, out(a, p, null));
        assertEquals(Verdict.OK, out(a, q, q), "the tunnel level is separate");
        a.settings.espNetDeflev(EngineSettings.LEVEL_REQUIRE);
        assertEquals(Verdict.NO_SA_FOR_POLICY, out(a, q, null));
        a.settings.ahTransDeflev(EngineSettings.LEVEL_REQUIRE).espTransDeflev(EngineSettings.LEVEL_USE);
        assertEquals(Verdict.OK, out(a, p, p), "an AH level does not bind an ESP rule");
    }

    @Test
    void settingsRefuseValuesOutsideKameRanges() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.settings.espTransDeflev(3));
        assertEquals("net.inet.ipsec.esp_trans_deflev: value 3 out of range 1..2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.settings.defPolicy(2));
        assertThrows(IllegalArgumentException.class, () -> a.settings.dfbit(3));
        assertThrows(IllegalArgumentException.class, () -> a.settings.ecn(2));
    }

    @Test
    void inboundPlaintextIsDroppedWhereThePolicyRequiresEsp() {
        b.setkey("spdadd 192.0.2.1 192.0.2.2 any -P in ipsec esp/transport//require;\n");
        assertEquals(Verdict.POLICY_VIOLATION, b.engine.input(buffer(udpAtoB("sneaky"))));
        // Traffic the policy does not cover passes.
        PacketBuffer other = buffer(ipv4("192.0.2.3", B, 17, udp(1, 2, "ok")));
        assertEquals(Verdict.OK, b.engine.input(other));
        EngineStatistics s = b.engine.statistics();
        assertEquals(1, s.inPolicyViolation());
        assertEquals(1, s.inPlaintext());
    }

    @Test
    void inboundUseAcceptsPlaintextAndDiscardDrops() {
        b.setkey("spdadd 192.0.2.1 192.0.2.2 udp -P in ipsec esp/transport//use;\n"
                + "spdadd 192.0.2.1 192.0.2.2 tcp -P in discard;\n");
        assertEquals(Verdict.OK, b.engine.input(buffer(udpAtoB("u"))));
        assertEquals(Verdict.POLICY_DISCARD, b.engine.input(buffer(ipv4(A, B, 6, tcp(1, 2)))));
        assertEquals(1, b.engine.statistics().inPlaintext());
        assertEquals(1, b.engine.statistics().inDrops(Verdict.POLICY_DISCARD));
    }

    @Test
    void forwardedPacketsAreCheckedAgainstFwdThenIn() {
        b.setkey("spdadd 198.51.100.0/24 203.0.113.0/24 any -P in ipsec esp/tunnel/192.0.2.1-192.0.2.2/require;\n"
                + "spdadd 198.51.100.0/24 203.0.113.8/29 any -P fwd none;\n");
        assertEquals(Verdict.POLICY_VIOLATION,
                b.engine.input(buffer(ipv4("198.51.100.7", "203.0.113.1", 17, udp(1, 2, "f")))),
                "no fwd policy: the in policy applies, as in KAME");
        assertEquals(Verdict.OK, b.engine.input(buffer(ipv4("198.51.100.7", "203.0.113.9", 17, udp(1, 2, "f")))),
                "a fwd policy decides for forwarded packets");
    }

    @Test
    void espForUnknownSpiIsDroppedAsNoSa() {
        byte[] esp = {0, 0, 0x27, 0x0e, 0, 0, 0, 1, 9, 9, 9, 9, 9, 9, 9, 9};
        assertEquals(Verdict.NO_SA, b.engine.input(buffer(ipv4(A, B, 50, esp))));
        assertEquals(1, b.engine.statistics().inNoSa());
    }

    @Test
    void espForAnotherHostIsNotOurs() {
        byte[] esp = {0, 0, 0x27, 0x0e, 0, 0, 0, 1, 9, 9, 9, 9, 9, 9, 9, 9};
        assertEquals(Verdict.OK, b.engine.input(buffer(ipv4(A, "192.0.2.77", 50, esp))), "forwarded as it is");
        assertEquals(1, b.engine.statistics().inPlaintext());
    }

    @Test
    void saWithoutTransformIsDroppedAndCounted() {
        a.transforms.unregister(a.transforms.get(SaProtocol.ESP));
        b.transforms.unregister(b.transforms.get(SaProtocol.ESP));
        String sas = "add 192.0.2.1 192.0.2.2 esp 9998 -E aes-cbc 0x00112233445566778899aabbccddeeff;\n";
        a.setkey(sas + "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//require;\n");
        assertEquals(Verdict.NO_ALGORITHM, out(a, udpAtoB("x"), null));
        assertEquals(1, a.engine.statistics().noTransform());
        b.setkey(sas);
        byte[] esp = {0, 0, 0x27, 0x0e, 0, 0, 0, 1, 9, 9, 9, 9, 9, 9, 9, 9};
        assertEquals(Verdict.NO_ALGORITHM, b.engine.input(buffer(ipv4(A, B, 50, esp))));
        assertEquals(1, b.engine.statistics().inNoAlgorithm());
        assertEquals(1, b.sad.dump().get(0).counters().drops(Verdict.NO_ALGORITHM));
    }

    @Test
    void malformedPacketsAreDroppedNotThrown() {
        assertEquals(Verdict.TRUNCATED, a.engine.output(buffer(new byte[] {0x45, 0, 0})));
        byte[] v5 = udpAtoB("v");
        v5[0] = 0x55;
        assertEquals(Verdict.BAD_HEADER, a.engine.output(buffer(v5)));
        byte[] longer = udpAtoB("l");
        longer[3] += 1; // total length past the bytes there
        assertEquals(Verdict.TRUNCATED, a.engine.output(buffer(longer)));
        byte[] badsum = udpAtoB("c");
        badsum[11] ^= 1;
        assertEquals(Verdict.BAD_HEADER, b.engine.input(buffer(badsum)));
        assertEquals(Verdict.TRUNCATED, b.engine.input(buffer(new byte[0])));
        EngineStatistics s = a.engine.statistics();
        assertEquals(3, s.outInvalid());
        assertEquals(2, b.engine.statistics().inInvalid());
    }

    @Test
    void trailingLinkPaddingIsTrimmed() {
        byte[] p = udpAtoB("pad");
        byte[] padded = java.util.Arrays.copyOf(p, p.length + 6);
        PacketBuffer pkt = buffer(padded);
        assertEquals(Verdict.OK, a.engine.output(pkt));
        assertArrayEquals(p, pkt.toByteArray());
    }

    @Test
    void selectorsSeePortsIcmpTypesAndFragments() {
        a.setkey("spdadd 192.0.2.1 192.0.2.2[53] udp -P out discard;\n"
                + "spdadd 192.0.2.1 192.0.2.2 icmp 8,0 -P out discard;\n");
        assertEquals(Verdict.POLICY_DISCARD, out(a, udpAtoB("dns"), null));
        byte[] to54 = ipv4(A, B, 17, udp(4000, 54, "x"));
        assertEquals(Verdict.OK, out(a, to54, to54));
        assertEquals(Verdict.POLICY_DISCARD, out(a, ipv4(A, B, 1, icmp(8, 0)), null), "echo request");
        byte[] reply = ipv4(A, B, 1, icmp(0, 0));
        assertEquals(Verdict.OK, out(a, reply, reply), "echo reply");
        // A later fragment has no ports: it does not match the port-53 selector.
        byte[] later = ipv4(A, B, 17, udp(4000, 53, "frag"), 0x0003, 0);
        assertEquals(Verdict.OK, out(a, later, later));
        // The first fragment carries the ports.
        assertEquals(Verdict.POLICY_DISCARD, out(a, ipv4(A, B, 17, udp(4000, 53, "f"), 0x2000, 0), null));
    }

    @Test
    void ipv6ExtensionHeadersAreWalkedToThePorts() {
        a.setkey("spdadd 2001:db8::1 2001:db8::2[53] udp -P out discard;\n");
        byte[] u = udp(4000, 53, "v6");
        byte[] withExt = new byte[8 + 8 + u.length];
        withExt[0] = 60; // hop-by-hop, then destination options, then UDP
        withExt[8] = 17;
        System.arraycopy(u, 0, withExt, 16, u.length);
        assertEquals(Verdict.POLICY_DISCARD, out(a, ipv6("2001:db8::1", "2001:db8::2", 0, withExt), null));
        byte[] other = ipv6("2001:db8::1", "2001:db8::2", 17, udp(4000, 54, "v6"));
        assertEquals(Verdict.OK, out(a, other, other));
        byte[] cut = java.util.Arrays.copyOf(withExt, 12);
        assertEquals(Verdict.TRUNCATED, out(a, ipv6("2001:db8::1", "2001:db8::2", 0, cut), null));
    }
}
