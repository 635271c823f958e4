package org.ipsec4j.api.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The IPv4 header's incremental checksum updates (RFC 1624) agree with summing the header again. */
class Ipv4ChecksumAdjustTest {
    private final Random random = new Random(1624);
    private final byte[] header = new byte[60];
    private final Ipv4Header ip = new Ipv4Header();

    /** A random header of 20 to 60 bytes with a right checksum; returns its length. */
    private int randomHeader() {
        random.nextBytes(header);
        int hlen = 20 + 4 * random.nextInt(11);
        header[0] = (byte) (0x40 | hlen / 4);
        ip.bind(header, 0).fillChecksum();
        return hlen;
    }

    @Test
    void lengthAndProtocol() {
        for (int round = 0; round < 100_000; round++) {
            int hlen = randomHeader();
            int length = round % 7 == 0 ? 0xffff : random.nextInt(0x10000);
            int protocol = round % 5 == 0 ? ip.protocol() : random.nextInt(256);
            ip.setLengthAndProtocolAdjustingChecksum(length, protocol);
            assertEquals(length, ip.totalLength());
            assertEquals(protocol, ip.protocol());
            assertEquals(0, InternetChecksum.compute(header, 0, hlen), "round " + round);
        }
    }

    @Test
    void ttlDecrement() {
        for (int round = 0; round < 100_000; round++) {
            int hlen = randomHeader();
            if (ip.ttl() == 0) {
                ip.setTtl(1).fillChecksum();
            }
            int ttl = ip.ttl();
            ip.decrementTtlAdjustingChecksum();
            assertEquals(ttl - 1, ip.ttl());
            assertEquals(0, InternetChecksum.compute(header, 0, hlen), "round " + round);
        }
    }

    @Test
    void aWrongChecksumStaysWrong() {
        int hlen = randomHeader();
        ip.setChecksum(ip.checksum() ^ 0x0100);
        ip.setLengthAndProtocolAdjustingChecksum(1400, IpProtocol.ESP);
        assertNotEquals(0, InternetChecksum.compute(header, 0, hlen));
    }
}
