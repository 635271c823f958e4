package org.ipsec4j.api.packet;

import java.util.HexFormat;

/**
 * Packets captured from scapy 2.5.0 ({@code bytes(IP(...)/...)}), an implementation independent of ours, and from the
 * RFCs' ESP test vectors.
 */
final class PacketBytes {
    /** IP(src=192.0.2.1, dst=198.51.100.2, ttl=63, id=0x1234, flags=DF, tos=0xb9, options=[Router Alert])/ICMP/"hello". */
    static final byte[] IPV4_WITH_OPTIONS = hex(
            "46b90025123440003f01a7afc0000201c6336402940400000800b4250007000168656c6c6f");

    /** The inner packet of RFC 3602 case 7: an ICMP echo from 192.168.123.3 to 192.168.123.200. */
    static final byte[] IPV4_RFC3602_ICMP = hex("45000054090400004001f988c0a87b03c0a87bc808009f76a90a0100b49c083d02a20400"
            + "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637");

    /**
     * IPv6(2001:db8::1 -> 2001:db8::2, tc=0x2d, fl=0x12345, hlim=61) / hop-by-hop (router alert) @40 / destination
     * options @48 / segment routing header @56 / fragment (atomic) @80 / destination options @88 / UDP 1000->2000 @96.
     */
    static final byte[] IPV6_EXTENSION_CHAIN = hex("62d123450048003d20010db800000000000000000000000120010db80000000000"
            + "000000000000023c000502000001002b000104000000002c0204000000000020010db80000000000000000000000033c0000000000"
            + "0055110001040000000003e807d00010db4f7061796c6f616421");

    /** IPv6(2001:db8::1 -> 2001:db8::2) / destination options @40 / TCP @48. */
    static final byte[] IPV6_DEST_OPTIONS_ONLY = hex("60000000001c3c4020010db800000000000000000000000120010db80000000000000"
            + "00000000002060001040000000000010002000000000000000050022000346b0000");

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private PacketBytes() {
    }
}
