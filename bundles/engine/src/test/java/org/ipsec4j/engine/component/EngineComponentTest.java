package org.ipsec4j.engine.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.transform.IpsecTransform;
import org.ipsec4j.engine.admin.EchoRequest;
import org.ipsec4j.engine.admin.EchoResult;
import org.ipsec4j.engine.admin.PortInfo;
import org.ipsec4j.engine.admin.StatSection;
import org.ipsec4j.engine.route.Addresses;
import org.ipsec4j.esp.EspTransform;
import org.ipsec4j.io.memory.MemoryLink;
import org.ipsec4j.io.memory.MemoryPort;
import org.ipsec4j.io.memory.MemoryPortConfig;
import org.ipsec4j.sad.SaTable;
import org.ipsec4j.setkey.command.SetkeyCommand;
import org.ipsec4j.spd.PolicyTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The DS components activated by hand, as SCR would: sysctls and routes from their configurations, the engine bound
 * to the SAD, SPD, an ESP transform by its service property and two in-memory ports by theirs. Two such gateways ping
 * each other through ESP.
 */
class EngineComponentTest {
    private final MemoryLink link = new MemoryLink("lab");
    private final FakeConfigAdmin configAdmin = new FakeConfigAdmin();
    private final Gw a = new Gw("192.0.2.1/24", "lab-a");
    private final Gw b = new Gw("192.0.2.2/24", "lab-b");

    /** One gateway of components. */
    private final class Gw {
        final SaTable sad = new SaTable();
        final PolicyTable spd = new PolicyTable();
        final SysctlComponent sysctl = new SysctlComponent(Map.of("net.inet.ip.forwarding", "1"));
        final RoutingComponent routing = new RoutingComponent(Map.of("routes", "198.51.100.0/24 192.0.2.254"));
        final EngineComponent engine;
        final MemoryPort port;

        Gw(String address, String portName) {
            sysctl.configAdmin = configAdmin.admin();
            routing.configAdmin = configAdmin.admin();
            engine = new EngineComponent(sad, spd, sysctl, routing);
            EspTransform esp = new EspTransform(org.ipsec4j.engine.forward.TestRegistries.jce());
            engine.addTransform(esp, Map.of(IpsecTransform.PROTOCOL, "esp"));
            port = link.attach(MemoryPortConfig.of("ignored", List.of(Addresses.prefix(address))));
            engine.addPort(port, Map.of(PacketPort.NAME, portName, PacketPort.ROLE, "network"));
        }

        void setkey(String statements) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = new SetkeyCommand(sad, spd, Clock.systemUTC(), 1).run(List.of("-c"),
                    new ByteArrayInputStream(statements.getBytes(StandardCharsets.UTF_8)),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, rc, err::toString);
        }

        void close() {
            engine.deactivate();
            sad.close();
        }
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void componentsWireAWorkingGateway() throws Exception {
        String sas = "add 192.0.2.1 192.0.2.2 esp 0x201 -E aes-cbc 0x00112233445566778899aabbccddeeff ;\n"
                + "add 192.0.2.2 192.0.2.1 esp 0x202 -E aes-cbc 0x00112233445566778899aabbccddeeff ;\n";
        a.setkey(sas + "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//require ;\n");
        b.setkey(sas + "spdadd 192.0.2.2 192.0.2.1 any -P out ipsec esp/transport//require ;\n"
                + "spdadd 192.0.2.1 192.0.2.2 any -P in ipsec esp/transport//require ;\n");
        EchoResult r = a.engine.echo(EchoRequest.of(Addresses.parse("192.0.2.2"), 1, 1, Duration.ofSeconds(2)));
        assertEquals(EchoResult.Status.REPLY, r.status(), () -> String.valueOf(r));

        PortInfo p = a.engine.ports().get(0);
        assertEquals("lab-a", p.name(), "the name comes from the service property");
        assertEquals("network", p.role());
        assertTrue(p.running());
        assertEquals(1, p.counters().sentPackets());
        assertEquals(1, p.counters().receivedPackets());
        StatSection ipsec = a.engine.statistics().get(0);
        assertEquals("ipsec", ipsec.protocol());
        assertEquals(1, ipsec.value("outbound packets processed successfully"));
        assertEquals(List.of("ipsec", "ip", "ip6", "icmp", "icmp6"),
                a.engine.statistics().stream().map(StatSection::protocol).toList());
        assertEquals("UGS", a.routing.lookup(Addresses.parse("198.51.100.1")).orElseThrow().flags());
    }

    @Test
    void transformsAreDispatchedByTheirServiceProperty() {
        EspTransform esp = new EspTransform(org.ipsec4j.engine.forward.TestRegistries.jce());
        assertEquals(List.of(SaProtocol.ESP, SaProtocol.ESP_OLD),
                EngineComponent.protocols(esp, new String[] {"esp", "esp-old"}));
        assertEquals(List.of(SaProtocol.AH), EngineComponent.protocols(esp, "ah"));
        assertEquals(List.of(SaProtocol.ESP), EngineComponent.protocols(esp, null), "its own protocol otherwise");
    }

    @Test
    void portsComeAndGo() throws Exception {
        b.engine.removePort(b.port);
        assertEquals(List.of(), b.engine.ports());
        assertEquals(false, b.port.running(), "the engine stopped the port it let go");
        EchoResult r = a.engine.echo(EchoRequest.of(Addresses.parse("192.0.2.2"), 1, 2, Duration.ofMillis(300)));
        assertEquals(EchoResult.Status.NOT_SENT, r.status(), "the link refuses: nobody receives on the other end");
        assertEquals("nobufs", r.detail());
        b.engine.addPort(b.port, Map.of(PacketPort.NAME, "lab-b"));
        EchoResult again = a.engine.echo(EchoRequest.of(Addresses.parse("192.0.2.2"), 1, 3, Duration.ofSeconds(2)));
        assertEquals(EchoResult.Status.REPLY, again.status());
    }

    @Test
    void sysctlSetsApplyAtOnceAndAreRecorded() {
        assertEquals(1, a.sysctl.get("net.inet.ip.forwarding").orElseThrow().value(), "from the configuration");
        assertEquals(0, a.sysctl.get("net.inet6.ip6.forwarding").orElseThrow().value(), "the default");
        a.sysctl.set("net.inet.ipsec.esp_trans_deflev", "2");
        assertEquals(2, a.sysctl.settings().espTransDeflev());
        assertEquals("2", configAdmin.store.get(SysctlComponent.PID).get("net.inet.ipsec.esp_trans_deflev"));
        assertEquals("sysctl: unknown oid 'net.inet.ip.nosuch'",
                assertThrows(IllegalArgumentException.class, () -> a.sysctl.set("net.inet.ip.nosuch", "1")).getMessage());
        assertEquals("net.inet.ipsec.dfbit: value 5 out of range 0..2",
                assertThrows(IllegalArgumentException.class, () -> a.sysctl.set("net.inet.ipsec.dfbit", "5")).getMessage());
        assertEquals("sysctl: invalid integer 'yes'",
                assertThrows(IllegalArgumentException.class, () -> a.sysctl.set("net.inet.ipsec.dfbit", "yes")).getMessage());
        assertEquals(1, configAdmin.updates, "refused values are not recorded");
        // the configuration comes back (as SCR calls modified): keys not in it fall back to their defaults
        a.sysctl.modified(Map.of("net.inet.ipsec.dfbit", "2", "net.inet.ipsec.ecn", "7"));
        assertEquals(2, a.sysctl.settings().dfbit());
        assertEquals(0, a.sysctl.settings().ecn(), "a bad value keeps the default");
        assertEquals(1, a.sysctl.settings().espTransDeflev());
        assertEquals(0, a.sysctl.get("net.inet.ip.forwarding").orElseThrow().value());
    }

    @Test
    void routeChangesAreRecorded() {
        a.routing.add(Addresses.prefix("10.2.0.0/16"), Addresses.parse("192.0.2.2"));
        assertEquals("198.51.100.0/24 192.0.2.254, 10.2.0.0/16 192.0.2.2",
                configAdmin.store.get(RoutingComponent.PID).get("routes"));
        assertTrue(a.routing.delete(Addresses.prefix("198.51.100.0/24")));
        assertEquals("10.2.0.0/16 192.0.2.2", configAdmin.store.get(RoutingComponent.PID).get("routes"));
        assertEquals("lab-a", a.routing.lookup(Addresses.parse("10.2.3.4")).orElseThrow().port());
    }
}
