package org.ipsec4j.io.pcap.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

/** The configuration of a pcap port as ConfigAdmin hands it over: what is accepted and the exact complaints. */
class PcapPortComponentTest {
    private static PcapPortComponent.Config config(String name, String iface, String[] addresses, int mtu, String mac,
            String role) {
        return new PcapPortComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PcapPortComponent.Config.class;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String interface$() {
                return iface;
            }

            @Override
            public String[] addresses() {
                return addresses;
            }

            @Override
            public int mtu() {
                return mtu;
            }

            @Override
            public String mac() {
                return mac;
            }

            @Override
            public String role() {
                return role;
            }
        };
    }

    private static String error(PcapPortComponent.Config c) {
        return assertThrows(IllegalArgumentException.class, () -> {
            PcapPortComponent.settings(c);
            PcapPortComponent.role(c);
        }).getMessage();
    }

    @Test
    void acceptsACompleteConfiguration() {
        PcapPort.Settings s = PcapPortComponent.settings(config(" wan0 ", "eth1",
                new String[] {"192.0.2.1/24, 2001:db8::1/64", "198.51.100.1/25"}, 1400, "02:00:5E:00:53:01", "network"));
        assertEquals("wan0", s.name());
        assertEquals("eth1", s.interfaceName());
        assertEquals("[192.0.2.1/24, 2001:db8:0:0:0:0:0:1/64, 198.51.100.1/25]", s.addresses().toString());
        assertEquals(1400, s.mtu());
        assertArrayEquals(new byte[] {2, 0, 0x5e, 0, 0x53, 1}, s.mac());
    }

    @Test
    void defaultsToTheInterfacesMacAndMtuAndTheNetworkRole() {
        PcapPortComponent.Config c = config("lan0", "eth0", new String[0], 0, "", "");
        PcapPort.Settings s = PcapPortComponent.settings(c);
        assertNull(s.mac());
        assertEquals(0, s.mtu());
        assertEquals("network", PcapPortComponent.role(c));
        assertEquals("host", PcapPortComponent.role(config("lan0", "eth0", new String[0], 0, "", "host")));
    }

    @Test
    void namesWhatIsWrong() {
        String[] none = new String[0];
        assertEquals("org.ipsec4j.io.pcap.port: name is missing", error(config(" ", "eth0", none, 0, "", "")));
        assertEquals("org.ipsec4j.io.pcap.port lan0: interface is missing", error(config("lan0", null, none, 0, "", "")));
        assertEquals("org.ipsec4j.io.pcap.port lan0: address 192.0.2.1 has no prefix length (addr/len)",
                error(config("lan0", "eth0", new String[] {"192.0.2.1"}, 0, "", "")));
        assertEquals("org.ipsec4j.io.pcap.port lan0: not an IP address: gateway.example/24",
                error(config("lan0", "eth0", new String[] {"gateway.example/24"}, 0, "", "")));
        assertEquals("org.ipsec4j.io.pcap.port lan0: bad prefix length: 192.0.2.1/33",
                error(config("lan0", "eth0", new String[] {"192.0.2.1/33"}, 0, "", "")));
        assertEquals("org.ipsec4j.io.pcap.port lan0: not a unicast address: 224.0.0.1/24",
                error(config("lan0", "eth0", new String[] {"224.0.0.1/24"}, 0, "", "")));
        assertEquals("org.ipsec4j.io.pcap.port lan0: mtu -1", error(config("lan0", "eth0", none, -1, "", "")));
        assertEquals("org.ipsec4j.io.pcap.port lan0: a multicast MAC address cannot be a port's: 01:00:5e:00:00:01",
                error(config("lan0", "eth0", none, 0, "01:00:5e:00:00:01", "")));
        assertEquals("org.ipsec4j.io.pcap.port lan0: not a MAC address: 02:00:5e:00:53",
                error(config("lan0", "eth0", none, 0, "02:00:5e:00:53", "")));
        assertEquals("org.ipsec4j.io.pcap.port lan0: role router is neither network nor host",
                error(config("lan0", "eth0", none, 0, "", "router")));
    }

    @Test
    void filtersTheStationsFrames() {
        assertEquals("not ether src 02:00:5e:00:53:01 and (ether dst 02:00:5e:00:53:01 or (ether broadcast and arp)"
                + " or (ip6 and (ether dst 33:33:00:00:00:01 or ether dst 33:33:ff:00:00:01"
                + " or ether dst 33:33:ff:ab:cd:ef)))",
                StationFilter.expression(new byte[] {2, 0, 0x5e, 0, 0x53, 1},
                        AddressList.parse("192.0.2.1/24, 2001:db8::1/64, 2001:db8:1::1/64, 2001:db8::ab:cdef/64")));
        assertEquals("not ether src 02:00:5e:00:53:01 and (ether dst 02:00:5e:00:53:01 or (ether broadcast and arp))",
                StationFilter.expression(new byte[] {2, 0, 0x5e, 0, 0x53, 1}, AddressList.parse("192.0.2.1/24")));
    }
}
