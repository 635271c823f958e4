package org.ipsec4j.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.ipsec4j.api.packet.InternetChecksum;
import org.ipsec4j.api.packet.Ipv4Header;
import org.junit.jupiter.api.Test;

/** Transport-mode output updates the IPv4 checksum for the new total length and protocol (RFC 1624). */
class ChecksumAdjustTest {
    @Test
    void incrementalUpdateEqualsRecomputation() {
        Random random = new Random(1624);
        byte[] header = new byte[60];
        Ipv4Header ip = new Ipv4Header();
        for (int round = 0; round < 100_000; round++) {
            random.nextBytes(header);
            int hlen = 20 + 4 * random.nextInt(11);
            header[0] = (byte) (0x40 | hlen / 4);
            ip.bind(header, 0).fillChecksum();
            int oldLength = ip.totalLength();
            int oldTtlProtocol = ip.ttl() << 8 | ip.protocol();
            int length = round % 7 == 0 ? 0xffff : random.nextInt(0x10000);
            int protocol = round % 5 == 0 ? ip.protocol() : random.nextInt(256);
            ip.setTotalLength(length).setProtocol(protocol);
            int sum = EspOutput.adjustChecksum(ip.checksum(), oldLength, length);
            ip.setChecksum(EspOutput.adjustChecksum(sum, oldTtlProtocol, ip.ttl() << 8 | protocol));
            assertEquals(0, InternetChecksum.compute(header, 0, hlen), "round " + round);
        }
    }
}
