package org.ipsec4j.setkey.parse;

import static org.ipsec4j.setkey.parse.Parsing.fails;
import static org.ipsec4j.setkey.parse.Parsing.ip;
import static org.ipsec4j.setkey.parse.Parsing.one;
import static org.ipsec4j.setkey.parse.Parsing.sa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.util.Optional;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.Lifetime;
import org.ipsec4j.api.sa.Padding;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.sa.SecurityContext;
import org.ipsec4j.setkey.Position;
import org.ipsec4j.setkey.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** add, update, get, delete, deleteall, flush, dump: addresses, protocols, SPIs and extensions. */
class SaStatementParserTest {
    static final String PROTOCOLS = "esp, esp-old, esp-udp, ah, ah-old, ipcomp or tcp";
    static final String NULL_ESP = " -E null;";

    @Test
    void addWithDefaults() {
        SecurityAssociation s = sa("add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ;");
        assertEquals(ip("10.1.1.1"), s.source());
        assertEquals(ip("10.2.2.2"), s.destination());
        assertEquals(SaProtocol.ESP, s.protocol());
        assertEquals(9998, s.spi());
        assertEquals(0, s.sourcePort());
        assertEquals(0, s.destinationPort());
        assertEquals(IpsecMode.ANY, s.mode());
        assertEquals(0, s.reqid());
        assertEquals(0, s.replayWindowBytes());
        assertEquals(Padding.SEQUENTIAL, s.padding());
        assertTrue(s.cyclicSequence());
        assertFalse(s.extendedSequence());
        assertFalse(s.rawCpi());
        assertEquals(Lifetime.UNLIMITED, s.hardLifetime());
        assertEquals(Lifetime.UNLIMITED, s.softLifetime());
        assertEquals(Optional.empty(), s.authentication());
        assertEquals(Optional.empty(), s.compression());
        assertEquals(Optional.empty(), s.context());
        assertEquals("des-cbc", s.encryption().orElseThrow().name());
        assertEquals("hogehoge", new String(s.encryption().orElseThrow().key()));
    }

    @Test
    void updateIsAddsTwin() {
        Statement.Update u = one("update 10.1.1.1 10.2.2.2 ah 0x200 -A hmac-md5 \"0123456789abcdef\";",
                Statement.Update.class);
        assertEquals(SaProtocol.AH, u.sa().protocol());
        assertEquals(0x200, u.sa().spi());
        assertEquals(new Position(1, 1), u.position());
    }

    @ParameterizedTest
    @CsvSource({"esp, ESP", "esp-old, ESP_OLD", "esp-udp, ESP_UDP"})
    void espProtocols(String name, SaProtocol p) {
        assertEquals(p, sa("add 10.1.1.1 10.2.2.2 " + name + " 300 -E des-cbc 0x0123456789abcdef;").protocol());
    }

    @Test
    void ahOldIpcompAndTcpProtocols() {
        assertEquals(SaProtocol.AH_OLD, sa("add 10.1.1.1 10.2.2.2 ah-old 300 -A keyed-md5 0x00112233445566778899aabbccddeeff;").protocol());
        assertEquals(SaProtocol.IPCOMP, sa("add 10.1.1.1 10.2.2.2 ipcomp 300 -C deflate;").protocol());
        assertEquals(SaProtocol.TCP, sa("add 10.1.1.1 10.2.2.2 tcp 0x1000 -A tcp-md5 \"bgp\";").protocol());
    }

    @Test
    void ipv6EndpointsWithScope() {
        SecurityAssociation s = sa("add fe80::1%lo0 fe80::2%3 esp 0x1234" + NULL_ESP);
        assertInstanceOf(Inet6Address.class, s.source());
        assertEquals(ip("fe80::2"), s.destination());
        assertEquals(3, ((Inet6Address) s.destination()).getScopeId());
    }

    @Test
    void natTraversalPortsWithOrWithoutBlank() {
        SecurityAssociation s = sa("add 192.0.2.1[4500] 198.51.100.7 [ 4501 ] esp-udp 0x1000 -m tunnel"
                + " -E aes-cbc 0x00112233445566778899aabbccddeeff -A hmac-sha1 0x00112233445566778899aabbccddeeff00112233;");
        assertEquals(SaProtocol.ESP_UDP, s.protocol());
        assertEquals(4500, s.sourcePort());
        assertEquals(4501, s.destinationPort());
        assertEquals(IpsecMode.TUNNEL, s.mode());
        SecurityAssociation any = sa("add 192.0.2.1[any] 198.51.100.7[any] esp-udp 0x1000" + NULL_ESP);
        assertEquals(0, any.sourcePort());
        assertEquals(0, any.destinationPort());
    }

    @Test
    void portErrors() {
        fails("add 10.1.1.1[ike] 10.2.2.2 esp 300" + NULL_ESP, 1, 14, "ike",
                "invalid port \"ike\" (expected a number 0 to 65535, or any)");
        fails("add 10.1.1.1[65536] 10.2.2.2 esp 300" + NULL_ESP, 1, 14, "65536",
                "invalid port \"65536\" (expected a number 0 to 65535, or any)");
        fails("add 10.1.1.1[500 10.2.2.2 esp 300" + NULL_ESP, 1, 18, "10.2.2.2",
                "expected \"]\" after the port, found \"10.2.2.2\"");
        fails("add 10.1.1.1[] 10.2.2.2 esp 300" + NULL_ESP, 1, 14, "]",
                "expected a port (a number 0 to 65535, or any) after \"[\", found \"]\"");
    }

    @Test
    void addressOptions() {
        assertEquals(ip("10.1.1.1"), sa("add -4 10.1.1.1 10.2.2.2 esp 300" + NULL_ESP).source());
        assertEquals(ip("::1"), sa("add -6n ::1 ::2 esp 300" + NULL_ESP).source());
        assertEquals(ip("::1"), sa("add -n -4 -6 ::1 ::2 esp 300" + NULL_ESP).source());
        assertEquals(ip("10.1.1.1"), sa("add -64 10.1.1.1 10.2.2.2 esp 300" + NULL_ESP).source());
        fails("add -4 10.1.1.1 ::2 esp 300" + NULL_ESP, 1, 17, "::2",
                "\"::2\" is an IPv6 address, but -4 allows only IPv4 addresses");
        fails("add -6 10.1.1.1 ::2 esp 300" + NULL_ESP, 1, 8, "10.1.1.1",
                "\"10.1.1.1\" is an IPv4 address, but -6 allows only IPv6 addresses");
        fails("add 10.1.1.1 -4 10.2.2.2 esp 300" + NULL_ESP, 1, 14, "-4",
                "expected destination address, found \"-4\" (the options -4, -6 and -n go right after the command)");
        fails("add -x 10.1.1.1 10.2.2.2 esp 300" + NULL_ESP, 1, 5, "-x",
                "expected source address, found \"-x\"");
    }

    @Test
    void addressErrors() {
        fails("add host-a 10.2.2.2 esp 300" + NULL_ESP, 1, 5, "host-a",
                "host names are not resolved: write a numeric IPv4 or IPv6 address instead of \"host-a\"");
        fails("add 10.1.1.1 10.2.2.256 esp 300" + NULL_ESP, 1, 14, "10.2.2.256", "invalid IPv4 address"
                + " \"10.2.2.256\" (write four decimal numbers 0 to 255 without leading zeros, e.g. 192.0.2.1)");
        fails("add 10.1.1.1 2001:db8:::1 esp 300" + NULL_ESP, 1, 14, "2001:db8:::1",
                "invalid IPv6 address \"2001:db8:::1\"");
        fails("add 10.1.1.1 2001:db8::1 esp 300" + NULL_ESP, 1, 14, "2001:db8::1",
                "source and destination must be of one address family: IPv4 and IPv6 given");
        fails("add 10.1.1.1/32 10.2.2.2 esp 300" + NULL_ESP, 1, 13, "/",
                "an SA endpoint is a single address: /prefixlen is not allowed here");
        fails("add 10.1.1.1", 1, 13, "", "unexpected end of input, expected destination address");
        fails("add ;", 1, 5, ";", "expected source address, found \";\"");
    }

    @Test
    void protocolErrors() {
        fails("add 10.1.1.1 10.2.2.2 9998 -E des-cbc \"hogehoge\";", 1, 23, "9998",
                "expected a protocol (" + PROTOCOLS + ") before the SPI, found \"9998\"");
        fails("add 10.1.1.1 10.2.2.2 esp4 9998" + NULL_ESP, 1, 23, "esp4",
                "unknown protocol \"esp4\" (expected " + PROTOCOLS + ")");
        fails("add 10.1.1.1 10.2.2.2 ;", 1, 23, ";", "expected a protocol (" + PROTOCOLS + "), found \";\"");
        fails("add 10.1.1.1 10.2.2.2 esp-udp 192.0.2.9 0x1000" + NULL_ESP, 1, 31, "192.0.2.9",
                "a NAT-OA address after esp-udp is not supported; write the SPI right after esp-udp");
    }

    @ParameterizedTest
    @CsvSource({"256, 256", "4294967295, -1", "0x100, 256", "0xffffffff, -1", "0X0000ABCD, 43981",
            "00000000300, 300", "0x0000000000001000, 4096"})
    void spiDecimalOrHexAs32BitUnsigned(String text, int spi) {
        assertEquals(spi, sa("add 10.1.1.1 10.2.2.2 esp " + text + NULL_ESP).spi());
    }

    @Test
    void spiErrors() {
        fails("add 10.1.1.1 10.2.2.2 esp 4294967296" + NULL_ESP, 1, 27, "4294967296",
                "SPI out of range: \"4294967296\" (at most 4294967295 or 0xffffffff)");
        fails("add 10.1.1.1 10.2.2.2 esp 0x100000000" + NULL_ESP, 1, 27, "0x100000000",
                "SPI out of range: \"0x100000000\" (at most 4294967295 or 0xffffffff)");
        fails("add 10.1.1.1 10.2.2.2 ah 0" + NULL_ESP, 1, 26, "0",
                "SPI 0 is reserved: it means no SA (RFC 4303); use an SPI from 256 up");
        fails("add 10.1.1.1 10.2.2.2 esp 0x0" + NULL_ESP, 1, 27, "0x0",
                "SPI 0 is reserved: it means no SA (RFC 4303); use an SPI from 256 up");
        fails("add 10.1.1.1 10.2.2.2 esp 12ab" + NULL_ESP, 1, 27, "12ab",
                "invalid SPI \"12ab\" (expected a decimal number or 0x hex)");
        fails("add 10.1.1.1 10.2.2.2 esp 0x" + NULL_ESP, 1, 27, "0x",
                "invalid SPI \"0x\" (expected a decimal number or 0x hex)");
        fails("add 10.1.1.1 10.2.2.2 esp -E null;", 1, 27, "-E",
                "invalid SPI \"-E\" (expected a decimal number or 0x hex)");
        fails("add 10.1.1.1 10.2.2.2 esp \"300\" -E null;", 1, 27, "\"300\"",
                "expected an SPI (a decimal number or 0x hex), found a quoted string of 3 characters (not shown: it may be a key)");
    }

    @Test
    void ipcompCpiIsSixteenBitsAndMayBeWellKnown() {
        assertEquals(2, sa("add 10.1.1.1 10.2.2.2 ipcomp 2 -C deflate -R;").spi());
        assertEquals(0xffff, sa("add 10.1.1.1 10.2.2.2 ipcomp 0xffff -C deflate;").spi());
        fails("add 10.1.1.1 10.2.2.2 ipcomp 65536 -C deflate;", 1, 30, "65536",
                "CPI out of range: \"65536\" (an IPComp CPI is at most 65535 or 0xffff)");
    }

    @Test
    void tcpMd5SpisFollowTheGeneralRule() {
        assertEquals(0x1000, sa("add 10.1.10.34 10.1.10.36 tcp 0x1000 -A tcp-md5 \"k\";").spi());
        assertEquals(0x1001, sa("add 10.1.10.36 10.1.10.34 tcp 0x1001 -A tcp-md5 \"k\";").spi());
        fails("add 10.1.1.1 10.2.2.2 tcp 0 -A tcp-md5 \"k\";", 1, 27, "0",
                "SPI 0 is reserved: it means no SA (RFC 4303); use an SPI from 256 up");
    }

    @Test
    void ianaReservedSpisAreAcceptedAsLinuxDoes() {
        // setkey(8) says 1..255 cannot be used, but Linux takes them and real configurations use them
        assertEquals(255, sa("add 10.1.1.1 10.2.2.2 esp 255" + NULL_ESP).spi());
        assertEquals(100, sa("add 192.168.1.2 192.168.1.1 esp 100 -u 100 -m tunnel -E null;").spi());
        assertEquals(1, sa("add 10.1.1.1 10.2.2.2 ah 0x1 -A null;").spi());
    }

    @Test
    void everyExtension() {
        SecurityAssociation s = sa("add 10.1.1.1 10.2.2.2 esp 0x1000 -m transport -r 64 -u 4294967295"
                + " -f random-pad -f nocyclic-seq -lh 3600 -ls 3000 -bh 9223372036854775807 -bs 1000000"
                + " -ctx 1 2 \"system_u:object_r:ipsec_spd_t:s0\" -esn -E null;");
        assertEquals(IpsecMode.TRANSPORT, s.mode());
        assertEquals(64, s.replayWindowBytes());
        assertEquals(512, s.replayWindowPackets());
        assertEquals(-1, s.reqid());
        assertEquals(Padding.RANDOM, s.padding());
        assertFalse(s.cyclicSequence());
        assertEquals(new Lifetime(3600, Long.MAX_VALUE), s.hardLifetime());
        assertEquals(new Lifetime(3000, 1000000), s.softLifetime());
        assertEquals(new SecurityContext(1, 2, "system_u:object_r:ipsec_spd_t:s0"), s.context().orElseThrow());
        assertTrue(s.extendedSequence());
    }

    @ParameterizedTest
    @CsvSource({"transport, TRANSPORT", "tunnel, TUNNEL", "any, ANY"})
    void modes(String text, IpsecMode mode) {
        assertEquals(mode, sa("add 10.1.1.1 10.2.2.2 esp 300 -m " + text + NULL_ESP).mode());
    }

    @ParameterizedTest
    @CsvSource({"zero-pad, ZERO", "random-pad, RANDOM", "seq-pad, SEQUENTIAL"})
    void paddings(String text, Padding padding) {
        SecurityAssociation s = sa("add 10.1.1.1 10.2.2.2 esp 300 -f " + text + NULL_ESP);
        assertEquals(padding, s.padding());
        assertTrue(s.cyclicSequence());
    }

    @Test
    void laterExtensionsWin() {
        SecurityAssociation s = sa("add 10.1.1.1 10.2.2.2 esp 300 -m tunnel -m transport -u 1 -u 7 -r 0 -r 4096"
                + NULL_ESP);
        assertEquals(IpsecMode.TRANSPORT, s.mode());
        assertEquals(7, s.reqid());
        assertEquals(4096, s.replayWindowBytes());
    }

    @Test
    void extensionErrors() {
        String head = "add 10.1.1.1 10.2.2.2 esp 300 ";
        fails(head + "-m both" + NULL_ESP, 1, 34, "both", "unknown mode \"both\" (expected transport, tunnel or any)");
        fails(head + "-m;", 1, 33, ";", "expected a mode (transport, tunnel or any) after -m, found \";\"");
        fails(head + "-r 4097" + NULL_ESP, 1, 34, "4097", "replay window out of range: \"4097\" (0 to 4096 bytes)");
        fails(head + "-r 0x10" + NULL_ESP, 1, 34, "0x10", "expected a decimal number after -r, found \"0x10\"");
        fails(head + "-u 4294967296" + NULL_ESP, 1, 34, "4294967296",
                "reqid out of range: \"4294967296\" (0 to 4294967295)");
        fails(head + "-f;", 1, 33, ";",
                "expected zero-pad, random-pad, seq-pad or nocyclic-seq after -f, found \";\"");
        fails(head + "-r", 1, 33, "", "unexpected end of input, expected a decimal number after -r");
        fails(head + "-f pad" + NULL_ESP, 1, 34, "pad",
                "unknown -f option \"pad\" (expected zero-pad, random-pad, seq-pad or nocyclic-seq)");
        fails(head + "-lh 9223372036854775808" + NULL_ESP, 1, 35, "9223372036854775808",
                "lifetime out of range: \"9223372036854775808\" (0 to 9223372036854775807 seconds)");
        fails(head + "-bs -1" + NULL_ESP, 1, 35, "-1", "expected a decimal number after -bs, found \"-1\"");
        fails(head + "-ctx 256 1 \"l\"" + NULL_ESP, 1, 36, "256", "context DOI out of range: \"256\" (0 to 255)");
        fails(head + "-ctx 1 1 label" + NULL_ESP, 1, 40, "label",
                "expected a quoted context label after -ctx doi algorithm, found \"label\"");
        fails(head + "-x 1" + NULL_ESP, 1, 31, "-x", "unknown option \"-x\" (expected -m, -r, -u, -f, -lh, -ls,"
                + " -bh, -bs, -ctx or -esn, then -E, -A or -C)");
        fails("add 10.1.1.1 10.2.2.2 esp-old 300 -r 4 -E des-cbc \"hogehoge\";", 1, 35, "-r",
                "replay prevention cannot be used with esp-old (RFC 1826/1827 formats have no sequence number)");
        fails("add 10.1.1.1 10.2.2.2 ah-old 300 -r 4 -A keyed-md5 \"0123456789abcdef\";", 1, 34, "-r",
                "replay prevention cannot be used with ah-old (RFC 1826/1827 formats have no sequence number)");
        fails("add 10.1.1.1 10.2.2.2 ipcomp 300 -esn -C deflate;", 1, 34, "-esn",
                "-esn (extended sequence numbers) applies to esp, esp-udp and ah SAs, not ipcomp");
        fails("add 10.1.1.1 10.2.2.2 esp-old 300 -esn -E des-cbc \"hogehoge\";", 1, 35, "-esn",
                "-esn (extended sequence numbers) applies to esp, esp-udp and ah SAs, not esp-old");
    }

    @Test
    void extensionsMustPrecedeTheAlgorithms() {
        fails("add 10.1.1.1 10.2.2.2 esp 300 -E null -m tunnel;", 1, 39, "-m", "extensions such as -m go before"
                + " the algorithms: add src dst protocol spi [extensions] -E ealgo key [-A aalgo key]");
    }

    @Test
    void getAndDelete() {
        Statement.Get g = one("get 3ffe:501:4819::1 3ffe:501:481d::1 ah 123456 ;", Statement.Get.class);
        assertEquals(ip("3ffe:501:4819::1"), g.source());
        assertEquals(new SaId(ip("3ffe:501:481d::1"), SaProtocol.AH, 123456), g.id());
        Statement.Delete d = one("delete -4 10.1.1.1[4500] 10.2.2.2[4500] esp-udp 0x1000 -m tunnel;",
                Statement.Delete.class);
        assertEquals(ip("10.1.1.1"), d.source());
        assertEquals(new SaId(ip("10.2.2.2"), SaProtocol.ESP_UDP, 0x1000), d.id());
        assertEquals(new Position(1, 1), d.position());
        fails("get 10.1.1.1 10.2.2.2 esp 300 -E null;", 1, 31, "-E", "expected \";\" after the SPI, found \"-E\"");
        fails("delete 10.1.1.1 10.2.2.2 esp 300 -u 3", 1, 38, "",
                "unexpected end of input, expected \";\" after the extensions");
        fails("delete 10.1.1.1 10.2.2.2 esp 300", 1, 33, "", "unexpected end of input, expected \";\" after the SPI");
    }

    @Test
    void deleteAll() {
        Statement.DeleteAll d = one("deleteall 10.1.1.1 10.2.2.2 esp ;", Statement.DeleteAll.class);
        assertEquals(ip("10.1.1.1"), d.source());
        assertEquals(ip("10.2.2.2"), d.destination());
        assertEquals(SaProtocol.ESP, d.protocol());
        assertEquals(SaProtocol.IPCOMP, one("deleteall -6 ::1 ::2 ipcomp;", Statement.DeleteAll.class).protocol());
        fails("deleteall 10.1.1.1[500] 10.2.2.2 esp;", 1, 19, "[", "deleteall takes addresses without ports");
        fails("deleteall 10.1.1.1 10.2.2.2;", 1, 28, ";", "expected a protocol (" + PROTOCOLS + "), found \";\"");
        fails("deleteall 10.1.1.1 10.2.2.2 esp 300;", 1, 33, "300",
                "expected \";\" after the protocol, found \"300\"");
        fails("deleteall 10.1.1.1 ::2 esp;", 1, 20, "::2",
                "source and destination must be of one address family: IPv4 and IPv6 given");
    }

    @Test
    void flushAndDump() {
        assertEquals(Optional.empty(), one("flush;", Statement.Flush.class).protocol());
        assertEquals(Optional.of(SaProtocol.ESP), one("flush esp ;", Statement.Flush.class).protocol());
        assertEquals(Optional.of(SaProtocol.AH_OLD), one("flush ah-old;", Statement.Flush.class).protocol());
        assertEquals(Optional.empty(), one("dump ;", Statement.Dump.class).protocol());
        assertEquals(Optional.of(SaProtocol.IPCOMP), one("dump ipcomp;", Statement.Dump.class).protocol());
        assertEquals(Optional.of(SaProtocol.TCP), one("dump tcp;", Statement.Dump.class).protocol());
        fails("flush", 1, 6, "", "unexpected end of input, expected \";\" after \"flush\"");
        fails("dump esp ah;", 1, 10, "ah", "expected \";\" after the protocol, found \"ah\"");
        fails("dump 10.1.1.1;", 1, 6, "10.1.1.1", "unknown protocol \"10.1.1.1\" (expected " + PROTOCOLS + ")");
    }
}
