package org.ipsec4j.setkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.ipsec4j.api.policy.Selector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one table of upper-layer protocols that the parser reads and the dump writes. */
class UpperLayerProtocolsTest {

    @ParameterizedTest
    @CsvSource({"0, ip", "1, icmp", "2, igmp", "4, ipencap", "6, tcp", "8, egp", "17, udp", "41, ipv6",
            "43, ipv6-route", "44, ipv6-frag", "46, rsvp", "47, gre", "50, esp", "51, ah", "58, ipv6-icmp",
            "59, ipv6-nonxt", "60, ipv6-opts", "89, ospf", "94, ipip", "103, pim", "108, ipcomp", "112, vrrp",
            "115, l2tp", "132, sctp", "135, mobility-header", "136, udplite", "3, ggp", "33, dccp", "143, ethernet"})
    void theDumpShowsTheFirstNameOfEtcProtocols(int number, String name) {
        assertEquals(name, UpperLayerProtocols.name(number));
        assertEquals(OptionalInt.of(number), UpperLayerProtocols.byName(name));
    }

    @Test
    void anyAndProtocolsWithoutANameAreNumbers() {
        assertEquals("any", UpperLayerProtocols.name(Selector.ANY_PROTOCOL));
        assertEquals("253", UpperLayerProtocols.name(253));
        assertEquals("7", UpperLayerProtocols.name(7));
    }

    @Test
    void theParserAcceptsAliasesAndSetkeysOwnNames() {
        assertEquals(OptionalInt.of(58), UpperLayerProtocols.byName("icmp6"));
        assertEquals(OptionalInt.of(58), UpperLayerProtocols.byName("IPv6-ICMP"));
        assertEquals(OptionalInt.of(4), UpperLayerProtocols.byName("ip4"));
        assertEquals(OptionalInt.of(89), UpperLayerProtocols.byName("OSPFIGP"));
        assertEquals(OptionalInt.empty(), UpperLayerProtocols.byName("any"));
        assertEquals(OptionalInt.empty(), UpperLayerProtocols.byName("Tcp"));
    }

    @Test
    void everyNameTheDumpWritesParsesBackToItsNumber() {
        for (int n = 0; n < 255; n++) {
            String name = UpperLayerProtocols.name(n);
            if (!name.equals(Integer.toString(n))) {
                assertEquals(OptionalInt.of(n), UpperLayerProtocols.byName(name), name);
            }
        }
    }

    @Test
    void typeAndCodeOrGreKeyInsteadOfPorts() {
        for (int p : new int[] {1, 58, 135}) {
            assertTrue(UpperLayerProtocols.hasTypeAndCode(p));
            assertFalse(UpperLayerProtocols.isGre(p));
        }
        assertTrue(UpperLayerProtocols.isGre(47));
        assertFalse(UpperLayerProtocols.hasTypeAndCode(47));
        assertFalse(UpperLayerProtocols.hasTypeAndCode(6));
        assertFalse(UpperLayerProtocols.isGre(Selector.ANY_PROTOCOL));
    }
}
