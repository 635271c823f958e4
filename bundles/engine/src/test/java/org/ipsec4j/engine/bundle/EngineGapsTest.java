package org.ipsec4j.engine.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SA bundles as KAME runs them: packets IPComp left uncompressed (RFC 3173 section 2.2: no IPComp header at all),
 * IPComp rules that need no SA on input, the well-known CPI, and ah-old SAs found by ah rules on output.
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
