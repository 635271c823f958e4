package org.ipsec4j.api.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.Test;

class Ipv4HeaderTest {
    private final Ipv4Header ip = new Ipv4Header();

    @Test
    void readsEveryFieldOfACapturedHeaderWithOptions() {
        byte[] p = PacketBytes.IPV4_WITH_OPTIONS;
        assertEquals(Verdict.OK, ip.wrap(p, 0, p.length));
        assertEquals(4, ip.version());
        assertEquals(24, ip.headerLength());
        assertEquals(4, ip.optionsLength());
        assertEquals(0xb9, ip.tos());
        assertEquals(0xb9 >>> 2, ip.dscp());
        assertEquals(1, ip.ecn());
        assertEquals(37, ip.totalLength());
        assertEquals(13, ip.payloadLength());
        assertEquals(0x1234, ip.identification());
        assertTrue(ip.dontFragment());
        assertFalse(ip.moreFragments());
        assertFalse(ip.isFragment());
        assertEquals(63, ip.ttl());
        assertEquals(IpProtocol.ICMP, ip.protocol());
        assertEquals(0xa7af, ip.checksum());
        assertEquals(12, ip.sourceOffset());
        assertEquals(16, ip.destinationOffset());
        assertEquals(9, ip.protocolOffset());
        assertTrue(ip.verifyChecksum());
        assertEquals(0xa7af, ip.computeChecksum());
    }

    @Test
    void checksumOfTheRfc3602InnerPacket() {
        byte[] p = PacketBytes.IPV4_RFC3602_ICMP.clone();
        assertEquals(Verdict.OK, ip.wrap(p, 0, p.length));
        assertEquals(0xf988, ip.computeChecksum());
        assertTrue(ip.verifyChecksum());
        p[8]--; // TTL
        assertFalse(ip.verifyChecksum());
        ip.fillChecksum();
        assertTrue(ip.verifyChecksum());
        assertEquals(0xfa88, ip.checksum());
    }

    @Test
    void worksAtAnOffsetInsideALargerArray() {
        byte[] p = new byte[100];
        System.arraycopy(PacketBytes.IPV4_RFC3602_ICMP, 0, p, 7, PacketBytes.IPV4_RFC3602_ICMP.length);
        assertEquals(Verdict.OK, ip.wrap(p, 7, 84));
        assertEquals(84, ip.totalLength());
        assertEquals(7 + 12, ip.sourceOffset());
        assertTrue(ip.verifyChecksum());
    }

    @Test
    void refusesTruncatedAndMalformedHeaders() {
        byte[] p = PacketBytes.IPV4_WITH_OPTIONS;
        for (int len = 0; len < p.length; len++) {
            assertEquals(Verdict.TRUNCATED, ip.wrap(p, 0, len), "length " + len);
        }
        byte[] v6 = p.clone();
        v6[0] = 0x66;
        assertEquals(Verdict.BAD_HEADER, ip.wrap(v6, 0, v6.length));
        byte[] shortIhl = p.clone();
        shortIhl[0] = 0x44;
        assertEquals(Verdict.BAD_HEADER, ip.wrap(shortIhl, 0, shortIhl.length));
        byte[] longIhl = p.clone();
        longIhl[0] = 0x4f; // 60 bytes of header in a 37-byte packet
        assertEquals(Verdict.TRUNCATED, ip.wrap(longIhl, 0, longIhl.length));
        byte[] lyingTotal = p.clone();
        lyingTotal[3] = 23; // total length below the 24-byte header
        assertEquals(Verdict.BAD_LENGTH, ip.wrap(lyingTotal, 0, lyingTotal.length));
    }

    @Test
    void acceptsTrailingLinkLayerPadding() {
        byte[] p = Arrays.copyOf(PacketBytes.IPV4_WITH_OPTIONS, 60);
        assertEquals(Verdict.OK, ip.wrap(p, 0, p.length));
        assertEquals(37, ip.totalLength());
    }

    @Test
    void writesAHeaderThatReadsBack() {
        byte[] p = new byte[20];
        ip.bind(p, 0).setHeaderLength(20).setTos(0).setEcn(Ecn.CE).setTotalLength(20).setIdentification(0xbeef)
                .setUnfragmented(true).setTtl(64).setProtocol(IpProtocol.ESP).fillChecksum();
        assertEquals(Verdict.OK, ip.wrap(p, 0, 20));
        assertEquals(Ecn.CE, ip.ecn());
        assertEquals(0, ip.dscp());
        assertTrue(ip.dontFragment());
        assertEquals(IpProtocol.ESP, ip.protocol());
        assertTrue(ip.verifyChecksum());
        assertArrayEquals(PacketBytes.hex("45030014beef40004032"), Arrays.copyOf(p, 10));
    }

    @Test
    void recognisesFragments() {
        byte[] p = PacketBytes.IPV4_RFC3602_ICMP.clone();
        p[6] = 0x20; // MF
        assertEquals(Verdict.OK, ip.wrap(p, 0, p.length));
        assertTrue(ip.moreFragments());
        assertTrue(ip.isFragment());
        p[6] = 0x00;
        p[7] = 0x10; // offset 16
        assertTrue(ip.isFragment());
        assertEquals(16, ip.fragmentOffset());
    }

    @Test
    void ecnChangeAdjustsTheChecksumIncrementally() {
        for (int ecn = 0; ecn < 4; ecn++) {
            byte[] p = PacketBytes.IPV4_WITH_OPTIONS.clone();
            assertEquals(Verdict.OK, ip.wrap(p, 0, p.length));
            ip.setEcnAdjustingChecksum(ecn);
            assertEquals(ecn, ip.ecn());
            assertEquals(0xb8 | ecn, ip.tos());
            assertTrue(ip.verifyChecksum(), "ECN " + ecn);
            assertEquals(ip.computeChecksum(), ip.checksum());
        }
        byte[] damaged = PacketBytes.IPV4_WITH_OPTIONS.clone();
        damaged[10] ^= 0x40;
        assertEquals(Verdict.OK, ip.wrap(damaged, 0, damaged.length));
        ip.setEcnAdjustingChecksum(Ecn.CE);
        assertFalse(ip.verifyChecksum(), "a damaged header stays damaged");
    }
}
