package org.ipsec4j.itests.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.ipsec4j.api.packet.Ecn;
import org.ipsec4j.api.packet.EspHeader;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6ExtensionHeaders;
import org.ipsec4j.api.packet.Ipv6Header;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target: the API's header views ({@code org.ipsec4j.api.packet}) over untrusted bytes at any offset of a larger
 * array. {@code wrap} answers a verdict; after {@link Verdict#OK} every accessor works and stays inside what
 * {@code wrap} was given; the IPv6 extension header cursor stays inside the packet and stops; the checksum helpers
 * agree with each other. Nothing may throw.
 *
 * <p>Input: byte 0 is the offset of the header in the array (0..255), the rest the bytes there.
 */
class HeaderViewFuzzTest {
    private final Ipv4Header v4 = new Ipv4Header();
    private final Ipv6Header v6 = new Ipv6Header();
    private final Ipv6ExtensionHeaders chain = new Ipv6ExtensionHeaders();
    private final EspHeader esp = new EspHeader();

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void wrapThenRead(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        int off = in.u8();
        byte[] bytes = in.rest();
        byte[] buf = new byte[off + bytes.length + 64];
        System.arraycopy(bytes, 0, buf, off, bytes.length);
        int len = bytes.length;
        ipv4(buf, off, len);
        ipv6(buf, off, len);
        espHeader(buf, off, len);
    }

    private void ipv4(byte[] buf, int off, int len) {
        if (v4.wrap(buf, off, len) != Verdict.OK) {
            return;
        }
        int hlen = v4.headerLength();
        assertTrue(hlen >= Ipv4Header.MIN_LENGTH && hlen <= Ipv4Header.MAX_LENGTH && hlen <= len);
        assertTrue(v4.totalLength() >= hlen && v4.totalLength() <= len);
        assertEquals(4, v4.version());
        assertEquals(hlen - 20, v4.optionsLength());
        assertEquals(v4.totalLength() - hlen, v4.payloadLength());
        int sum = v4.tos() + v4.dscp() + v4.ecn() + v4.identification() + v4.fragmentOffset() + v4.ttl()
                + v4.protocol() + v4.checksum() + (v4.dontFragment() ? 1 : 0) + (v4.moreFragments() ? 1 : 0)
                + (v4.isFragment() ? 1 : 0);
        assertTrue(sum >= 0);
        assertTrue(v4.sourceOffset() + 4 <= off + hlen && v4.destinationOffset() + 4 <= off + hlen);
        boolean valid = v4.verifyChecksum();
        // ones' complement has two zeros: a stored 0xffff verifies where 0x0000 is computed (RFC 1624 section 3)
        int computed = v4.computeChecksum();
        assertEquals(valid, computed == v4.checksum() || computed == 0 && v4.checksum() == 0xffff);
        // ECN rewritten incrementally keeps a right checksum right and a wrong one wrong
        byte[] copy = buf.clone();
        Ipv4Header c = new Ipv4Header();
        assertEquals(Verdict.OK, c.wrap(copy, off, len));
        c.setEcnAdjustingChecksum(Ecn.CE);
        assertEquals(valid, c.verifyChecksum(), "ECN rewrite changed checksum validity");
        // so do transport-mode IPsec's length and protocol update and a router's TTL decrement (RFC 1624)
        int length = (v4.totalLength() * 31 + hlen) & 0xffff;
        c.setLengthAndProtocolAdjustingChecksum(length, v4.protocol() ^ 0x32);
        assertEquals(valid, c.verifyChecksum(), "length and protocol update changed checksum validity");
        if (c.ttl() > 0) {
            c.decrementTtlAdjustingChecksum();
            assertEquals(valid, c.verifyChecksum(), "TTL decrement changed checksum validity");
        }
        c.fillChecksum();
        assertTrue(c.verifyChecksum());
    }

    private void ipv6(byte[] buf, int off, int len) {
        if (v6.wrap(buf, off, len) != Verdict.OK) {
            return;
        }
        int end = off + v6.totalLength();
        assertTrue(v6.totalLength() <= len && v6.payloadLength() > 0);
        assertEquals(6, v6.version());
        int sum = v6.trafficClass() + v6.dscp() + v6.ecn() + v6.flowLabel() + v6.nextHeader() + v6.hopLimit();
        assertTrue(sum >= 0);
        chain.start(buf, off, end);
        int steps = 0;
        while (Ipv6ExtensionHeaders.isExtension(chain.type())) {
            chain.onFragment();
            Verdict v = chain.advance();
            assertTrue(steps++ <= Ipv6ExtensionHeaders.MAX_HEADERS, "the cursor stops");
            if (v != Verdict.OK) {
                break;
            }
            inside(chain, off, end);
        }
        chain.start(buf, off, end);
        if (chain.seek(IpProtocol.ESP) == Verdict.OK) {
            assertEquals(IpProtocol.ESP, chain.type());
            inside(chain, off, end);
        }
        chain.start(buf, off, end);
        if (chain.seekTransportInsertion() == Verdict.OK) {
            inside(chain, off, end);
            assertEquals(chain.type(), buf[chain.typeFieldOffset()] & 0xff);
        }
    }

    private static void inside(Ipv6ExtensionHeaders c, int off, int end) {
        assertTrue(c.offset() >= off + Ipv6Header.LENGTH && c.offset() <= end, "header at " + c.offset());
        assertTrue(c.typeFieldOffset() >= off && c.typeFieldOffset() < c.offset());
    }

    private void espHeader(byte[] buf, int off, int len) {
        if (esp.wrap(buf, off, len) != Verdict.OK) {
            assertTrue(len < EspHeader.LENGTH);
            return;
        }
        assertEquals(off + EspHeader.LENGTH, esp.payloadOffset());
        long mix = (long) esp.spi() ^ esp.sequence();
        assertTrue(mix == ((long) esp.spi() ^ esp.sequence()));
        int trailerEnd = off + len;
        if (len >= EspHeader.LENGTH + EspHeader.TRAILER_LENGTH) {
            int pad = EspHeader.padLength(buf, trailerEnd);
            EspHeader.nextHeader(buf, trailerEnd);
            if (pad + EspHeader.TRAILER_LENGTH <= len - EspHeader.LENGTH) {
                EspHeader.hasSequentialPadding(buf, trailerEnd);
            }
        }
        for (int align : new int[] {4, 8, 16}) {
            int pad = EspHeader.padFor(len, align);
            assertTrue(pad >= 0 && pad < align && (len + pad + EspHeader.TRAILER_LENGTH) % align == 0);
        }
    }
}
