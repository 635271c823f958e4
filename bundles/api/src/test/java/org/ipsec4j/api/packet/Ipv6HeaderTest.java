package org.ipsec4j.api.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.Test;

class Ipv6HeaderTest {
    private final Ipv6Header ip = new Ipv6Header();
    private final Ipv6ExtensionHeaders ext = new Ipv6ExtensionHeaders();

    @Test
    void readsEveryFieldOfACapturedHeader() {
        byte[] p = PacketBytes.IPV6_EXTENSION_CHAIN;
        assertEquals(Verdict.OK, ip.wrap(p, 0, p.length));
        assertEquals(6, ip.version());
        assertEquals(0x2d, ip.trafficClass());
        assertEquals(0x2d >>> 2, ip.dscp());
        assertEquals(1, ip.ecn());
        assertEquals(0x12345, ip.flowLabel());
        assertEquals(72, ip.payloadLength());
        assertEquals(112, ip.totalLength());
        assertEquals(IpProtocol.HOPOPT, ip.nextHeader());
        assertEquals(61, ip.hopLimit());
        assertEquals(8, ip.sourceOffset());
        assertEquals(24, ip.destinationOffset());
        assertEquals(6, ip.nextHeaderOffset());
    }

    @Test
    void refusesTruncatedAndMalformedHeaders() {
        byte[] p = PacketBytes.IPV6_EXTENSION_CHAIN;
        for (int len = 0; len < p.length; len++) {
            assertEquals(Verdict.TRUNCATED, ip.wrap(p, 0, len), "length " + len);
        }
        byte[] v4 = p.clone();
        v4[0] = 0x42;
        assertEquals(Verdict.BAD_HEADER, ip.wrap(v4, 0, v4.length));
        byte[] jumbo = p.clone();
        jumbo[4] = 0;
        jumbo[5] = 0;
        assertEquals(Verdict.BAD_LENGTH, ip.wrap(jumbo, 0, jumbo.length));
    }

    @Test
    void writesAHeaderThatReadsBack() {
        byte[] p = new byte[40];
        ip.bind(p, 0).setVersionClassFlow(0xb8, 0xabcde).setEcn(Ecn.ECT_0).setPayloadLength(1234)
                .setNextHeader(IpProtocol.ESP).setHopLimit(64);
        assertEquals(Verdict.TRUNCATED, ip.wrap(p, 0, 40));
        assertEquals(Verdict.OK, ip.wrap(Arrays.copyOf(p, 1274), 0, 1274));
        assertEquals(0xba, ip.trafficClass());
        assertEquals(Ecn.ECT_0, ip.ecn());
        assertEquals(0xabcde, ip.flowLabel());
        assertArrayEquals(PacketBytes.hex("6baabcde04d23240"), Arrays.copyOf(p, 8));
    }

    @Test
    void walksTheExtensionHeaderChain() {
        byte[] p = PacketBytes.IPV6_EXTENSION_CHAIN;
        ext.start(p, 0, p.length);
        int[][] expected = {{IpProtocol.HOPOPT, 40, 6}, {IpProtocol.DSTOPTS, 48, 40}, {IpProtocol.ROUTING, 56, 48},
            {IpProtocol.FRAGMENT, 80, 56}, {IpProtocol.DSTOPTS, 88, 80}, {IpProtocol.UDP, 96, 88}};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], ext.type(), "type #" + i);
            assertEquals(expected[i][1], ext.offset(), "offset #" + i);
            assertEquals(expected[i][2], ext.typeFieldOffset(), "type field #" + i);
            assertFalse(ext.onFragment());
            if (i < expected.length - 1) {
                assertEquals(Verdict.OK, ext.advance());
            }
        }
        assertEquals(Verdict.BAD_HEADER, ext.advance(), "UDP is not an extension header");
        assertEquals(96, ext.offset());
    }

    @Test
    void transportInsertionGoesBehindRoutingAndFragmentButBeforeFinalDestinationOptions() {
        byte[] p = PacketBytes.IPV6_EXTENSION_CHAIN;
        assertEquals(Verdict.OK, ext.start(p, 0, p.length).seekTransportInsertion());
        assertEquals(88, ext.offset());
        assertEquals(IpProtocol.DSTOPTS, ext.type());
        assertEquals(80, ext.typeFieldOffset());
    }

    @Test
    void transportInsertionWithOnlyDestinationOptionsGoesRightAfterTheFixedHeader() {
        byte[] p = PacketBytes.IPV6_DEST_OPTIONS_ONLY;
        assertEquals(Verdict.OK, ip.wrap(p, 0, p.length));
        assertEquals(Verdict.OK, ext.start(p, 0, p.length).seekTransportInsertion());
        assertEquals(40, ext.offset());
        assertEquals(IpProtocol.DSTOPTS, ext.type());
        assertEquals(6, ext.typeFieldOffset());
    }

    @Test
    void transportInsertionWithoutExtensionHeaders() {
        byte[] p = Arrays.copyOf(PacketBytes.IPV6_DEST_OPTIONS_ONLY, PacketBytes.IPV6_DEST_OPTIONS_ONLY.length);
        p[6] = IpProtocol.TCP;
        assertEquals(Verdict.OK, ext.start(p, 0, p.length).seekTransportInsertion());
        assertEquals(40, ext.offset());
        assertEquals(IpProtocol.TCP, ext.type());
    }

    @Test
    void seekFindsAHeaderBehindExtensionsAndRefusesAnotherUpperLayer() {
        byte[] p = PacketBytes.IPV6_EXTENSION_CHAIN;
        assertEquals(Verdict.OK, ext.start(p, 0, p.length).seek(IpProtocol.UDP));
        assertEquals(96, ext.offset());
        assertEquals(Verdict.BAD_HEADER, ext.start(p, 0, p.length).seek(IpProtocol.ESP));
    }

    @Test
    void truncatedChainsAreRefusedAtEveryLength() {
        byte[] p = PacketBytes.IPV6_EXTENSION_CHAIN;
        for (int end = 40; end < 96; end++) {
            assertEquals(Verdict.TRUNCATED, ext.start(p, 0, end).seekTransportInsertion(), "end " + end);
        }
        assertEquals(Verdict.OK, ext.start(p, 0, 96).seekTransportInsertion());
    }

    @Test
    void hopByHopAnywhereButFirstIsRefused() {
        byte[] p = PacketBytes.IPV6_EXTENSION_CHAIN.clone();
        p[48] = IpProtocol.HOPOPT; // the destination options header now names a hop-by-hop header next
        ext.start(p, 0, p.length);
        assertEquals(Verdict.OK, ext.advance());
        assertEquals(Verdict.OK, ext.advance());
        assertEquals(IpProtocol.HOPOPT, ext.type());
        assertEquals(Verdict.BAD_HEADER, ext.advance());
    }

    @Test
    void recognisesARealFragment() {
        byte[] p = PacketBytes.IPV6_EXTENSION_CHAIN.clone();
        p[83] = 1; // M flag
        ext.start(p, 0, p.length);
        assertEquals(Verdict.OK, ext.seek(IpProtocol.FRAGMENT));
        assertTrue(ext.onFragment());
    }

    @Test
    void aLoopOfEmptyOptionsEndsAtTheBound() {
        byte[] p = new byte[40 + 8 * 40];
        p[0] = 0x60;
        p[4] = (byte) ((8 * 40) >>> 8);
        p[5] = (byte) (8 * 40);
        p[6] = IpProtocol.DSTOPTS;
        for (int i = 0; i < 40; i++) {
            p[40 + 8 * i] = IpProtocol.DSTOPTS;
        }
        assertEquals(Verdict.OK, ip.wrap(p, 0, p.length));
        assertEquals(Verdict.BAD_HEADER, ext.start(p, 0, p.length).seekTransportInsertion());
    }
}
