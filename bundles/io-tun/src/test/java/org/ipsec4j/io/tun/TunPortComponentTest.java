package org.ipsec4j.io.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

/** The configuration of a TUN port as ConfigAdmin hands it over: what is accepted and the exact complaints. */
class TunPortComponentTest {
    private static TunPortComponent.Config config(String name, String device, String[] addresses, int mtu,
            String role) {
        return new TunPortComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TunPortComponent.Config.class;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String device() {
                return device;
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
            public String role() {
                return role;
            }
        };
    }

    private static String error(TunPortComponent.Config c) {
        return assertThrows(IllegalArgumentException.class, () -> {
            TunPortComponent.settings(c);
            TunPortComponent.role(c);
        }).getMessage();
    }

    @Test
    void acceptsACompleteConfiguration() {
        TunPortComponent.Config c = config("tun0", " ipsec4j0 ", new String[] {"192.0.2.1/32,2001:db8::1/128"}, 1400,
                "host");
        TunPort.Settings s = TunPortComponent.settings(c);
        assertEquals("tun0", s.name());
        assertEquals("ipsec4j0", s.device());
        assertEquals("[192.0.2.1/32, 2001:db8:0:0:0:0:0:1/128]", s.addresses().toString());
        assertEquals(1400, s.mtu());
        assertEquals("host", TunPortComponent.role(c));
        assertEquals("host", TunPortComponent.role(config("tun0", "t", new String[0], 0, "")));
        assertEquals("network", TunPortComponent.role(config("tun0", "t", new String[0], 0, "network")));
    }

    @Test
    void namesWhatIsWrong() {
        String[] none = new String[0];
        assertEquals("org.ipsec4j.io.tun.port: name is missing", error(config(null, "t", none, 0, "host")));
        assertEquals("org.ipsec4j.io.tun.port tun0: device is missing", error(config("tun0", "", none, 0, "host")));
        assertEquals("org.ipsec4j.io.tun.port tun0: mtu 67 out of range 68..9216 (0: the device's)",
                error(config("tun0", "t", none, 67, "host")));
        assertEquals("org.ipsec4j.io.tun.port tun0: mtu 9217 out of range 68..9216 (0: the device's)",
                error(config("tun0", "t", none, 9217, "host")));
        assertEquals("org.ipsec4j.io.tun.port tun0: not an IP address: ::gg/128",
                error(config("tun0", "t", new String[] {"::gg/128"}, 0, "host")));
        assertEquals("org.ipsec4j.io.tun.port tun0: role kernel is neither host nor network",
                error(config("tun0", "t", none, 0, "kernel")));
    }
}
