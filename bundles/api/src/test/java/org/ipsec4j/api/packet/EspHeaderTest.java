package org.ipsec4j.api.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.Test;

class EspHeaderTest {
    /** RFC 7634 appendix A: SPI 0x01020304, sequence 5, then the IV. */
    private static final byte[] RFC7634_HEAD = PacketBytes.hex("01020304000000051011121314151617");
    /** The plaintext trailer of RFC 3602 case 5: 14 bytes of 1, 2, 3, ... padding, pad length 14, next header 1. */
    private static final byte[] RFC3602_TRAILER = PacketBytes.hex("0102030405060708090a0b0c0d0e0e01");

    @Test
    void readsSpiSequenceAndPayloadOffset() {
        EspHeader esp = new EspHeader();
        assertEquals(Verdict.OK, esp.wrap(RFC7634_HEAD, 0, RFC7634_HEAD.length));
        assertEquals(0x01020304, esp.spi());
        assertEquals(5, esp.sequence());
        assertEquals(8, esp.payloadOffset());
        assertEquals(Verdict.TRUNCATED, esp.wrap(RFC7634_HEAD, 0, 7));
    }

    @Test
    void sequenceNumbersAboveTwoToTheThirtyOneReadAsTheirBits() {
        byte[] b = new byte[8];
        new EspHeader().bind(b, 0).setSpi(0xfedcba98).setSequence(0xffffffff);
        EspHeader esp = new EspHeader();
        esp.wrap(b, 0, 8);
        assertEquals(0xfedcba98, esp.spi());
        assertEquals(-1, esp.sequence());
    }

    @Test
    void readsAndChecksTheTrailer() {
        byte[] t = RFC3602_TRAILER.clone();
        assertEquals(14, EspHeader.padLength(t, t.length));
        assertEquals(IpProtocol.ICMP, EspHeader.nextHeader(t, t.length));
        assertTrue(EspHeader.hasSequentialPadding(t, t.length));
        t[5] = 0;
        assertFalse(EspHeader.hasSequentialPadding(t, t.length));
    }

    @Test
    void padsToTheAlignment() {
        assertEquals(14, EspHeader.padFor(64, 16)); // RFC 3602 case 5
        assertEquals(10, EspHeader.padFor(84, 16)); // RFC 3602 case 7
        assertEquals(2, EspHeader.padFor(84, 4));
        assertEquals(0, EspHeader.padFor(2, 4));
        assertEquals(3, EspHeader.padFor(3, 4));
    }

    @Test
    void ecnDecapsulationFollowsRfc6040() {
        int[][] table = { // rows: inner Not-ECT, ECT(0), ECT(1), CE; columns: outer Not-ECT, ECT(0), ECT(1), CE
            {Ecn.NOT_ECT, Ecn.NOT_ECT, Ecn.NOT_ECT, Ecn.DROP},
            {Ecn.ECT_0, Ecn.ECT_0, Ecn.ECT_1, Ecn.CE},
            {Ecn.ECT_1, Ecn.ECT_1, Ecn.ECT_1, Ecn.CE},
            {Ecn.CE, Ecn.CE, Ecn.CE, Ecn.CE}};
        int[] order = {Ecn.NOT_ECT, Ecn.ECT_0, Ecn.ECT_1, Ecn.CE};
        for (int i = 0; i < 4; i++) {
            for (int o = 0; o < 4; o++) {
                assertEquals(table[i][o], Ecn.decapsulate(order[o], order[i]), "inner " + order[i] + " outer " + order[o]);
            }
            assertEquals(order[i], Ecn.encapsulate(order[i]));
        }
    }

    @Test
    void internetChecksumOfOddLengths() {
        assertEquals(0xffff - 0x0100, InternetChecksum.compute(new byte[] {1}, 0, 1));
        assertEquals(0xfffe, InternetChecksum.compute(new byte[] {0, 1, 0}, 0, 3));
    }
}
