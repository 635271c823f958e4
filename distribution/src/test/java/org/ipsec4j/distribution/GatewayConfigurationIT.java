package org.ipsec4j.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Ports, routes and sysctls as {@code *.cfg} files in the gateway's configuration directory (docs/CONFIGURATION.md):
 * FileInstall hands them to ConfigAdmin, the io-memory bundle makes the port, the engine attaches it; bad values are
 * reported in the log and do not stop the gateway.
 */
class GatewayConfigurationIT {
    @Test
    void portsRoutesAndSysctlsFromTheConfigurationDirectory() throws Exception {
        try (Gateway gateway = new Gateway()) {
            Files.writeString(gateway.conf.resolve("org.ipsec4j.io.memory.link-lab.cfg"),
                    "name = mem0\nlink = lab\naddresses = 192.0.2.1/24, 2001:db8::1/64\nmtu = 1400\n");
            Files.writeString(gateway.conf.resolve("org.ipsec4j.sysctl.cfg"),
                    "net.inet.ip.forwarding = 1\nnet.inet.ipsec.dfbit = 9\n");
            Files.writeString(gateway.conf.resolve("org.ipsec4j.engine.routes.cfg"),
                    "routes = 198.51.100.0/24 192.0.2.254, 203.0.113.0/24 nowhere\n");
            gateway.setkeyConf("").started();
            awaitLog(gateway, "port mem0 attached: role network, mtu 1400, addresses [192.0.2.1/24, 2001:db8:0:0:0:0:0:1/64]");
            awaitLog(gateway, "org.ipsec4j.sysctl: net.inet.ipsec.dfbit: value 9 out of range 0..2");
            awaitLog(gateway, "org.ipsec4j.engine.routes: not a numeric IP address: nowhere");
            assertTrue(gateway.stop().status() == 0);
            String log = gateway.log();
            assertTrue(!log.contains("SEVERE"), log);
        }
    }

    private static void awaitLog(Gateway gateway, String text) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!gateway.log().contains(text)) {
            if (System.nanoTime() > deadline) throw new AssertionError("not in the log: " + text + "\n" + gateway.log());
            Thread.sleep(200);
        }
    }
}
