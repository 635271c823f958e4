package org.ipsec4j.setkey.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressLiteralsTest {

    @ParameterizedTest
    @CsvSource({
            "0.0.0.0, 00000000",
            "10.1.1.1, 0a010101",
            "255.255.255.255, ffffffff",
            "192.0.2.10, c000020a" })
    void ipv4(String text, String hex) {
        InetAddress a = AddressLiterals.parse(text);
        assertInstanceOf(Inet4Address.class, a);
        assertArrayEquals(Parsing.hex(hex), a.getAddress());
    }

    @ParameterizedTest
    @CsvSource({
            "::, 00000000000000000000000000000000",
            "::1, 00000000000000000000000000000001",
            "1::, 00010000000000000000000000000000",
            "2001:db8::1, 20010db8000000000000000000000001",
            "3ffe:501:4819::1, 3ffe0501481900000000000000000001",
            "1:2:3:4:5:6:7:8, 00010002000300040005000600070008",
            "1:2:3:4:5:6:7::, 00010002000300040005000600070000",
            "::2:3:4:5:6:7:8, 00000002000300040005000600070008",
            "FE80::ABCD, fe80000000000000000000000000abcd",
            "::ffff:192.0.2.1, 00000000000000000000ffffc0000201",
            "64:ff9b::10.1.2.3, 0064ff9b00000000000000000a010203",
            "1:2:3:4:5:6:1.2.3.4, 00010002000300040005000601020304" })
    void ipv6(String text, String hex) {
        InetAddress a = AddressLiterals.parse(text);
        assertInstanceOf(Inet6Address.class, a, "IPv4-mapped addresses stay IPv6");
        assertArrayEquals(Parsing.hex(hex), a.getAddress());
    }

    @Test
    void numericZoneBecomesTheScopeIdAndANamedZoneIsDropped() {
        Inet6Address n = (Inet6Address) AddressLiterals.parse("fe80::1%2");
        assertEquals(2, n.getScopeId());
        Inet6Address named = (Inet6Address) AddressLiterals.parse("fe80::1%lo0");
        assertArrayEquals(Parsing.hex("fe800000000000000000000000000001"), named.getAddress());
        assertEquals(0, named.getScopeId());
        assertEquals(null, named.getScopedInterface());
        Inet6Address dotted = (Inet6Address) AddressLiterals.parse("fe80::1%eth0.100");
        assertArrayEquals(Parsing.hex("fe800000000000000000000000000001"), dotted.getAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "10.1", "10.1.1", "10.1.1.1.1", "256.1.1.1", "10.1.1.01", "10..1.1", ".1.1.1",
            "10.1.1.1.", "1234.1.1.1", "10.1.1.1%0", ":", ":::", "1::2::3", ":1::", "1:", "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7", "12345::", "g::", "1::2:3:4:5:6:7:8", "::1.2.3", "1.2.3.4::", "::1.2.3.4:5",
            "1:2:3:4:5:6:7:1.2.3.4", "fe80::1%", "fe80::1%a+b", "host.example", "fe80::1%2%3", "::%1x:"})
    void notAddresses(String text) {
        assertNull(AddressLiterals.parse(text));
    }

    @Test
    void problemsSayWhatIsWrong() {
        assertEquals("invalid IPv6 address \"1::2::3\"", AddressLiterals.problem("1::2::3"));
        assertEquals("invalid IPv4 address \"10.1.1.01\" (write four decimal numbers 0 to 255 without leading"
                + " zeros, e.g. 192.0.2.1)", AddressLiterals.problem("10.1.1.01"));
        assertEquals("host names are not resolved: write a numeric IPv4 or IPv6 address instead of"
                + " \"host.example.com\"", AddressLiterals.problem("host.example.com"));
        assertEquals("invalid address \"10.1.1.1%0\" (a zone %... belongs to IPv6 addresses only)",
                AddressLiterals.problem("10.1.1.1%0"));
        assertEquals("invalid address \"10.1.1.1-10.2.2.2\"", AddressLiterals.problem("10.1.1.1-10.2.2.2"));
    }
}
