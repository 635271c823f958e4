package org.ipsec4j.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import javax.management.ObjectName;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.junit.jupiter.api.Test;

/** The documented names, quoting where ObjectNames need it, and compressed IPv6 addresses. */
class ObjectNamesTest {
    @Test
    void saPortAndStatisticsNames() throws Exception {
        SaId id = new SaId(InetAddress.getByName("10.2.2.2"), SaProtocol.ESP, 9998);
        assertEquals("org.ipsec4j:type=SA,dst=10.2.2.2,proto=esp,spi=0x0000270e", ObjectNames.sa(id).toString());
        assertEquals("org.ipsec4j:type=SA,dst=10.0.0.1,proto=ipcomp,spi=0xffffffff",
                ObjectNames.sa(new SaId(InetAddress.getByName("10.0.0.1"), SaProtocol.IPCOMP, -1)).toString());
        assertEquals("org.ipsec4j:type=Port,name=eth0", ObjectNames.port("eth0").toString());
        assertEquals("org.ipsec4j:type=Statistics,protocol=ipsec", ObjectNames.statistics("ipsec").toString());
        assertTrue(ObjectNames.all("SA").apply(ObjectNames.sa(id)));
    }

    @Test
    void ipv6AndOddPortNamesAreQuoted() throws Exception {
        ObjectName name = ObjectNames.sa(new SaId(InetAddress.getByName("2001:db8:0:0:0:0:0:2"), SaProtocol.AH, 256));
        assertEquals("org.ipsec4j:type=SA,dst=\"2001:db8::2\",proto=ah,spi=0x00000100", name.toString());
        assertEquals("2001:db8::2", ObjectName.unquote(name.getKeyProperty("dst")));
        assertEquals("org.ipsec4j:type=Port,name=\"a,b=c\"", ObjectNames.port("a,b=c").toString());
        assertEquals("a,b=c", ObjectName.unquote(ObjectNames.port("a,b=c").getKeyProperty("name")));
    }

    @Test
    void addressesAsRfc5952WritesThem() throws Exception {
        assertEquals("2001:db8::1", ObjectNames.address(InetAddress.getByName("2001:db8:0:0:0:0:0:1")));
        assertEquals("::", ObjectNames.address(InetAddress.getByName("::")));
        assertEquals("::1", ObjectNames.address(InetAddress.getByName("::1")));
        assertEquals("fe80::", ObjectNames.address(InetAddress.getByName("fe80::")));
        assertEquals("2001:db8:0:1:1:1:1:1", ObjectNames.address(InetAddress.getByName("2001:db8:0:1:1:1:1:1")),
                "one zero group stays");
        assertEquals("2001:0:0:1::1", ObjectNames.address(InetAddress.getByName("2001:0:0:1:0:0:0:1")),
                "the longest run");
        assertEquals("2001:db8::1:0:0:1", ObjectNames.address(InetAddress.getByName("2001:db8:0:0:1:0:0:1")),
                "the first of two equal runs");
        assertEquals("192.0.2.1", ObjectNames.address(InetAddress.getByName("192.0.2.1")));
    }
}
