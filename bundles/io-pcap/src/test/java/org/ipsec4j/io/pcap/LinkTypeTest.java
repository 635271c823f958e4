package org.ipsec4j.io.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LinkTypeTest {
    private static final byte[] V4 = Captures.ipv4Udp("192.0.2.1", "192.0.2.2", "x");
    private static final byte[] V6 = Captures.ipv6Udp("2001:db8::1", "2001:db8::2", "x");

    @Test
    void libpcapLinkTypes() {
        assertEquals(LinkType.ETHERNET, LinkType.of(1));
        assertEquals(LinkType.RAW, LinkType.of(12));
        assertEquals(LinkType.RAW, LinkType.of(14));
        assertEquals(LinkType.RAW, LinkType.of(101));
        assertEquals(LinkType.LINUX_SLL, LinkType.of(113));
        assertNull(LinkType.of(105), "802.11 is not supported");
    }

    @Test
    void ethernetWithAndWithoutVlanTag() {
        assertEquals(14, LinkType.ETHERNET.ipOffset(Captures.ethernet(V4)));
        assertEquals(-1, LinkType.ETHERNET.ipOffset(Captures.arp()));
        byte[] tagged = new byte[18 + V6.length];
        tagged[12] = (byte) 0x81;
        tagged[14] = 0x00;
        tagged[15] = 0x07; // VLAN 7
        tagged[16] = (byte) 0x86;
        tagged[17] = (byte) 0xdd;
        System.arraycopy(V6, 0, tagged, 18, V6.length);
        assertEquals(18, LinkType.ETHERNET.ipOffset(tagged));
        System.arraycopy(V4, 0, tagged, 18, V4.length);
        LinkType.ETHERNET.fixEthertype(tagged, 18);
        assertEquals(0x08, tagged[16]);
        assertEquals(0x00, tagged[17]);
        assertEquals((byte) 0x81, tagged[12], "the tag stays");
        assertEquals(-1, LinkType.ETHERNET.ipOffset(new byte[10]), "cut off");
    }

    @Test
    void linuxCookedAndRaw() {
        byte[] sll = new byte[16 + V4.length];
        sll[14] = 0x08;
        System.arraycopy(V4, 0, sll, 16, V4.length);
        assertEquals(16, LinkType.LINUX_SLL.ipOffset(sll));
        System.arraycopy(V6, 0, sll, 16, 16);
        LinkType.LINUX_SLL.fixEthertype(sll, 16);
        assertEquals((byte) 0x86, sll[14]);
        assertEquals((byte) 0xdd, sll[15]);
        assertEquals(0, LinkType.RAW.ipOffset(V6));
        assertEquals(-1, LinkType.RAW.ipOffset(new byte[] {0x10}));
    }
}
