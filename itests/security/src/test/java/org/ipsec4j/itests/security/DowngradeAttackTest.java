package org.ipsec4j.itests.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.engine.EngineStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Downgrade: traffic whose {@code in} policy requires protection arriving with less, or under an SA the policy does
 * not name: plaintext, transport mode where a tunnel is required, a tunnel from another gateway, an SA of another
 * reqid where {@code unique} names one, ESP where AH is required. Each is dropped as {@code policy} and counted; the
 * same traffic protected as the policy says passes (the control).
 */
class DowngradeAttackTest {
    static final List<Family> REQUIRED = Family.ALL.stream().filter(f -> !f.rule().startsWith("ipcomp/")).toList();

    @ParameterizedTest(name = "{0}")
    @FieldSource("REQUIRED")
    void plaintextWhereProtectionIsRequiredIsDropped(Family f) {
        try (Lab lab = new Lab(List.of(f), 8)) {
            PacketBuffer b = Packets.buffer();
            byte[] plain = Lab.plaintext(f, 1, 100);
            EngineStatistics before = lab.receiver.engine.statistics();
            assertEquals(Verdict.POLICY_VIOLATION, lab.receive(plain, b), f + ": plaintext");
            assertEquals(1, lab.receiver.engine.statistics().inDrops(Verdict.POLICY_VIOLATION)
                    - before.inDrops(Verdict.POLICY_VIOLATION));
            assertEquals(Verdict.OK, lab.receive(lab.protect(plain), b), f + ": protected as required");
            assertArrayEquals(ForgeryAttackTest.payload(plain), ForgeryAttackTest.payload(b.toByteArray()));
        }
    }

    @Test
    void ipcompIsNeverRequiredOnInputAsInKame() {
        try (Lab lab = new Lab(List.of(Family.IPCOMP), 0)) {
            byte[] plain = Lab.plaintext(Family.IPCOMP, 1, 100);
            assertEquals(Verdict.OK, lab.receive(plain, Packets.buffer()), "a packet too small to compress");
        }
    }

    /** Host 192.0.2.40 must reach us through gateway 192.0.2.41's tunnel; it also shares a transport SA with us. */
    private static final String TUNNEL_SAS = """
            add 192.0.2.40 192.0.2.2 esp 0x2040 -m transport -E aes-gcm-16 0x000102030405060708090a0b0c0d0e0f10111213 ;
            add 192.0.2.41 192.0.2.2 esp 0x2041 -m tunnel -E aes-gcm-16 0x101112131415161718191a1b1c1d1e1f20212223 ;
            add 192.0.2.42 192.0.2.2 esp 0x2042 -m tunnel -E aes-gcm-16 0x202122232425262728292a2b2c2d2e2f30313233 ;
            """;
    private static final String TUNNEL_REQUIRED =
            "spdadd 192.0.2.40 192.0.2.2 any -P in ipsec esp/tunnel/192.0.2.41-192.0.2.2/require ;\n";

    @Test
    void transportWhereTunnelIsRequiredIsDropped() {
        assertArrival("esp/transport//require", Verdict.POLICY_VIOLATION);
    }

    @Test
    void tunnelFromAnotherGatewayIsDropped() {
        assertArrival("esp/tunnel/192.0.2.42-192.0.2.2/require", Verdict.POLICY_VIOLATION);
    }

    @Test
    void tunnelFromTheRequiredGatewayPasses() {
        assertArrival("esp/tunnel/192.0.2.41-192.0.2.2/require", Verdict.OK);
    }

    private static void assertArrival(String senderRule, Verdict expected) {
        try (Node sender = new Node(); Node receiver = new Node(Family.RECEIVER4)) {
            sender.setkey(TUNNEL_SAS + "spdadd 192.0.2.40 192.0.2.2 any -P out ipsec " + senderRule + " ;\n");
            receiver.setkey(TUNNEL_SAS + TUNNEL_REQUIRED);
            byte[] plain = Packets.udp4("192.0.2.40", Family.RECEIVER4, 1, Packets.payload(1, 80));
            PacketBuffer b = Packets.buffer(plain);
            assertEquals(Verdict.OK, sender.engine.output(b));
            byte[] wire = b.toByteArray();
            b.set(org.ipsec4j.api.io.PacketBuffers.HEADROOM, wire, 0, wire.length);
            assertEquals(expected, receiver.engine.input(b), senderRule);
            if (expected == Verdict.OK) {
                assertArrayEquals(plain, b.toByteArray());
            } else {
                assertEquals(1, receiver.engine.statistics().inDrops(expected));
            }
        }
    }

    /** Two SAs between the same hosts: port 5000 must use reqid 1, port 6000 reqid 2. */
    private static final String REQID_SAS = """
            add 192.0.2.50 192.0.2.2 esp 0x2051 -m transport -u 1 -E aes-cbc 0x000102030405060708090a0b0c0d0e0f -A hmac-sha256 0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f ;
            add 192.0.2.50 192.0.2.2 esp 0x2052 -m transport -u 2 -E aes-cbc 0x101112131415161718191a1b1c1d1e1f -A hmac-sha256 0x202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f ;
            """;

    @Test
    void anotherReqidsSaBetweenTheSameHostsIsDropped() {
        try (Node sender = new Node(); Node receiver = new Node(Family.RECEIVER4)) {
            // a peer that holds both SAs sends port 5000's traffic under the SA of reqid 2
            sender.setkey(REQID_SAS
                    + "spdadd 192.0.2.50[any] 192.0.2.2[5000] udp -P out ipsec esp/transport//unique:2 ;\n"
                    + "spdadd 192.0.2.50[any] 192.0.2.2[6000] udp -P out ipsec esp/transport//unique:2 ;\n");
            receiver.setkey(REQID_SAS
                    + "spdadd 192.0.2.50[any] 192.0.2.2[5000] udp -P in ipsec esp/transport//unique:1 ;\n"
                    + "spdadd 192.0.2.50[any] 192.0.2.2[6000] udp -P in ipsec esp/transport//unique:2 ;\n");
            assertEquals(Verdict.POLICY_VIOLATION, sendUdp(sender, receiver, "192.0.2.50", 5000), "port 5000 under reqid 2");
            assertEquals(Verdict.OK, sendUdp(sender, receiver, "192.0.2.50", 6000), "port 6000 under reqid 2");
            assertEquals(1, receiver.engine.statistics().inDrops(Verdict.POLICY_VIOLATION));
        }
    }

    @Test
    void espWhereAhIsRequiredIsDropped() {
        String sas = Family.AES_GCM.saStatement(0) + Family.AH_SHA1.sa().replace("192.0.2.15", "192.0.2.11") + " ;\n";
        try (Node sender = new Node(); Node receiver = new Node(Family.RECEIVER4)) {
            sender.setkey(sas + "spdadd 192.0.2.11 192.0.2.2 any -P out ipsec esp/transport//require ;\n");
            receiver.setkey(sas + "spdadd 192.0.2.11 192.0.2.2 any -P in ipsec ah/transport//require ;\n");
            assertEquals(Verdict.POLICY_VIOLATION, sendUdp(sender, receiver, "192.0.2.11", 5000));
        }
    }

    private static Verdict sendUdp(Node sender, Node receiver, String source, int port) {
        byte[] plain = Packets.udp4(source, Family.RECEIVER4, port, Packets.payload(port, 80));
        Packets.put16(plain, 22, port);
        PacketBuffer b = Packets.buffer(plain);
        assertEquals(Verdict.OK, sender.engine.output(b));
        byte[] wire = b.toByteArray();
        b.set(org.ipsec4j.api.io.PacketBuffers.HEADROOM, wire, 0, wire.length);
        return receiver.engine.input(b);
    }
}
