package org.ipsec4j.engine.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * SA bundles as KAME runs them, where the engine (or the SAD) does not yet follow: packets IPComp left uncompressed
 * (RFC 3173 section 2.2: no IPComp header at all), the well-known CPI, and ah-old SAs for ah rules on output. Each
 * test states what must change; they run (and pass) once it has.
 */
class EngineGapsTest {
    private final BundleHost a = new BundleHost(SaBundleTest.A);
    private final BundleHost b = new BundleHost(SaBundleTest.B);

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private static byte[] send(BundleHost from, byte[] packet) {
        PacketBuffer pkt = Wire.buffer(packet);
        assertEquals(Verdict.OK, from.engine.output(pkt));
        return pkt.toByteArray();
    }

    @Test
    @Disabled("needs engine change: in InboundPath.decapsulate, an IPv4-in-IP (4) or IPv6-in-IP (41) packet for one of"
            + " our addresses whose outer addresses are the endpoints of a tunnel-mode IPComp SA (any CPI; KAME and"
            + " Linux send small tunnel packets so, RFC 3173 section 2.2) must lose its outer header like a"
            + " decapsulation, be recorded in the history as that IPComp SA (or as an IPComp rule satisfied) and the"
            + " loop go on; today the IP-in-IP packet between the gateways is handed on as it is")
    void aSmallPacketIpcompLeftUncompressedInsideEsp() {
        a.setkey(SaBundleTest.TUNNEL_SAS + "spdadd 198.51.100.0/24 203.0.113.0/24 any -P out ipsec "
                + SaBundleTest.IPCOMP_IN_ESP + " ;\n");
        b.setkey(SaBundleTest.TUNNEL_SAS + "spdadd 198.51.100.0/24 203.0.113.0/24 any -P in ipsec "
                + SaBundleTest.IPCOMP_IN_ESP + " ;\n");
        byte[] plain = Wire.udp4("198.51.100.7", "203.0.113.9", "short");
        byte[] wire = send(a, plain);
        assertEquals(50, Wire.protocol(wire, 0));
        PacketBuffer pkt = Wire.buffer(wire);
        assertEquals(Verdict.OK, b.engine.input(pkt));
        assertArrayEquals(plain, pkt.toByteArray(), "the inner packet, without the IP-in-IP header IPComp left");
    }

    @Test
    @Disabled("needs engine change: InboundPolicyCheck must treat an IPComp rule as satisfied without an IPComp SA in"
            + " the history whatever its level, as KAME's ipsec_in_reject does ('IP payload compression may not be"
            + " used, e.g. too small'); today ipcomp/transport//require drops every packet too short to compress")
    void anUncompressedPacketSatisfiesAnIpcompRequireRule() {
        String sas = "add 192.0.2.1 192.0.2.2 ipcomp 0x4001 -m transport -C deflate ;\n"
                + "add 192.0.2.1 192.0.2.2 esp 0x1004 -m transport -E aes-cbc " + SaBundleTest.AES + " -A hmac-sha1 "
                + SaBundleTest.SHA1 + " ;\n";
        String rules = "ipcomp/transport//require esp/transport//require";
        a.setkey(sas + "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec " + rules + " ;\n");
        b.setkey(sas + "spdadd 192.0.2.1 192.0.2.2 any -P in ipsec " + rules + " ;\n");
        byte[] plain = Wire.udp4(SaBundleTest.A, SaBundleTest.B, "too short to compress");
        PacketBuffer pkt = Wire.buffer(send(a, plain));
        assertEquals(Verdict.OK, b.engine.input(pkt));
        assertArrayEquals(plain, pkt.toByteArray());
    }

    @Test
    @Disabled("needs engine change: an IPComp packet whose CPI is a well-known one (below 256: KAME sends deflate's 2"
            + " when the SA was added without -R) and that the SAD does not know by (destination, 108, CPI) must be"
            + " given to the IPComp SA from its source to its destination (SecurityAssociationDatabase.lookupOutbound"
            + "(IPCOMP, ANY, dst, src, ...) turned round, or a lookup by endpoints); the transform accepts the"
            + " well-known CPI of the SA's algorithm; today the packet is dropped as NO_SA")
    void aKamePeerSendsTheWellKnownCpi() {
        String sas = "add 192.0.2.1 192.0.2.2 ipcomp 0x4002 -m transport -C deflate ;\n";
        a.setkey(sas + "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec ipcomp/transport//use ;\n");
        b.setkey(sas);
        byte[] plain = Wire.udp4(SaBundleTest.A, SaBundleTest.B, Wire.text(800));
        byte[] wire = send(a, plain);
        assertEquals(108, Wire.protocol(wire, 0));
        wire[22] = 0;
        wire[23] = 2; // as KAME without -R sends it
        PacketBuffer pkt = Wire.buffer(wire);
        assertEquals(Verdict.OK, b.engine.input(pkt));
        assertArrayEquals(plain, pkt.toByteArray());
    }

    @Test
    @Disabled("needs engine (or SAD) change: an ah rule must find an ah-old SA on output as KAME's SADB_SATYPE_AH does"
            + " (ah-old is AH with the RFC 1826 flag), and an esp rule an esp-old SA: OutboundPath.resolve could ask"
            + " lookupOutbound for AH_OLD (ESP_OLD) when AH (ESP) finds nothing, or the SAD's outbound index could key"
            + " by IP protocol; today the rule finds no SA (NO_SA_FOR_POLICY). Inbound already works: the SAD finds"
            + " ah-old by (destination, 51, SPI) and the policy check compares IP protocols")
    void anAhRuleOnOutputTakesAnAhOldSa() {
        // KAME's ah-old is an AH SA with the RFC 1826 flag: the policy's "ah" finds it
        String sas = "add 192.0.2.1 192.0.2.2 ah-old 0x2006 -A hmac-md5 0x505152535455565758595a5b5c5d5e5f ;\n";
        a.setkey(sas + "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec ah/transport//require ;\n");
        b.setkey(sas + "spdadd 192.0.2.1 192.0.2.2 any -P in ipsec ah/transport//require ;\n");
        byte[] plain = Wire.udp4(SaBundleTest.A, SaBundleTest.B, "ah-old out");
        byte[] wire = send(a, plain);
        assertEquals(51, Wire.protocol(wire, 0));
        PacketBuffer pkt = Wire.buffer(wire);
        assertEquals(Verdict.OK, b.engine.input(pkt));
        assertArrayEquals(plain, pkt.toByteArray());
    }
}
