package org.ipsec4j.management;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.ipsec4j.api.io.PortCounters;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.Lifetime;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.engine.EngineStatistics;
import org.ipsec4j.engine.admin.PortInfo;
import org.ipsec4j.engine.admin.StatSection;
import org.ipsec4j.sad.SaTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The MBeans on a private MBean server, over the real SAD (whose events are fed to the MBeans at once) and a fake
 * engine: which exist when, and that their attributes are the live counters.
 */
class GatewayMBeansTest {
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private GatewayMBeans mbeans;
    private final SaTable sad = new SaTable((topic, properties) -> mbeans.onSadEvent(topic, properties));
    private final FakeGatewayStatus engine = new FakeGatewayStatus();

    GatewayMBeansTest() {
        mbeans = new GatewayMBeans(server, sad);
    }

    @AfterEach
    void close() throws Exception {
        mbeans.close();
        assertEquals(Set.of(), server.queryNames(new ObjectName("org.ipsec4j:*"), null), "close unregisters all");
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static SecurityAssociation esp(String src, String dst, int spi) throws Exception {
        return SecurityAssociation.builder(ip(src), ip(dst), SaProtocol.ESP, spi).mode(IpsecMode.TUNNEL).reqid(5)
                .hardLifetime(new Lifetime(3600, 0))
                .encryption(new AlgorithmKey("aes-cbc", new byte[16]))
                .authentication(new AlgorithmKey("hmac-sha256", new byte[32])).build();
    }

    private Set<ObjectName> names(String type) {
        return server.queryNames(ObjectNames.all(type), null);
    }

    @Test
    void anSaMBeanComesWithTheSaShowsLiveCountersAndGoesWithIt() throws Exception {
        SaEntry e = sad.add(esp("10.1.1.1", "10.2.2.2", 9998));
        ObjectName name = new ObjectName("org.ipsec4j:type=SA,dst=10.2.2.2,proto=esp,spi=0x0000270e");
        assertEquals(Set.of(name), names("SA"));
        assertEquals(9998L, server.getAttribute(name, "Spi"));
        assertEquals("10.1.1.1", server.getAttribute(name, "Source"));
        assertEquals("esp", server.getAttribute(name, "Protocol"));
        assertEquals("tunnel", server.getAttribute(name, "Mode"));
        assertEquals(5L, server.getAttribute(name, "Reqid"));
        assertEquals("mature", server.getAttribute(name, "State"));
        assertEquals("aes-cbc", server.getAttribute(name, "EncryptionAlgorithm"));
        assertEquals("hmac-sha256", server.getAttribute(name, "AuthenticationAlgorithm"));
        assertEquals("", server.getAttribute(name, "CompressionAlgorithm"));
        assertEquals(3600L, server.getAttribute(name, "HardLifetimeSeconds"));
        assertEquals(0L, server.getAttribute(name, "Packets"));

        e.recordOutput(100);
        e.recordOutput(60);
        e.recordDrop(Verdict.REPLAY);
        assertEquals(2L, server.getAttribute(name, "Packets"), "read when asked");
        assertEquals(160L, server.getAttribute(name, "Bytes"));
        assertEquals(1L, server.getAttribute(name, "Dropped"));
        TabularData drops = (TabularData) server.getAttribute(name, "Drops");
        CompositeData replay = drops.get(new Object[] {"replay"});
        assertEquals(1L, replay.get("value"));
        assertTrue((Long) server.getAttribute(name, "LastUseMillis") > 0);
        assertFalse(Arrays.stream(server.getMBeanInfo(name).getAttributes())
                .anyMatch(a -> a.getName().toLowerCase().contains("key")), "no key is ever shown");

        sad.delete(e.id());
        assertEquals(Set.of(), names("SA"));
    }

    @Test
    void flushAndDeleteAllAndUpdate() throws Exception {
        sad.add(esp("10.1.1.1", "10.2.2.2", 1));
        sad.add(esp("10.1.1.1", "10.2.2.2", 2));
        sad.add(esp("10.2.2.2", "10.1.1.1", 3));
        assertEquals(3, names("SA").size());
        sad.update(SecurityAssociation.builder(ip("10.1.1.1"), ip("10.2.2.2"), SaProtocol.ESP, 1).reqid(9)
                .encryption(new AlgorithmKey("null", new byte[0])).build());
        ObjectName one = ObjectNames.sa(new SaId(ip("10.2.2.2"), SaProtocol.ESP, 1));
        assertEquals(9L, server.getAttribute(one, "Reqid"), "the same MBean shows the updated SA");
        assertEquals("null", server.getAttribute(one, "EncryptionAlgorithm"));
        sad.deleteAll(ip("10.1.1.1"), ip("10.2.2.2"), SaProtocol.ESP);
        assertEquals(Set.of(ObjectNames.sa(new SaId(ip("10.1.1.1"), SaProtocol.ESP, 3))), names("SA"));
        sad.flush();
        assertEquals(Set.of(), names("SA"));
    }

    @Test
    void syncCatchesWhatNoEventSaid() throws Exception {
        SaTable quiet = new SaTable();
        mbeans.close();
        mbeans = new GatewayMBeans(server, quiet);
        quiet.add(esp("10.1.1.1", "10.2.2.2", 7));
        quiet.add(esp("2001:db8::1", "2001:db8::2", 8));
        assertEquals(Set.of(), names("SA"));
        mbeans.sync();
        ObjectName v6 = new ObjectName("org.ipsec4j:type=SA,dst=\"2001:db8::2\",proto=esp,spi=0x00000008");
        assertEquals(Set.of(ObjectNames.sa(new SaId(ip("10.2.2.2"), SaProtocol.ESP, 7)), v6), names("SA"));
        assertEquals("2001:db8::1", server.getAttribute(v6, "Source"));
        assertEquals(1, server.queryNames(new ObjectName("org.ipsec4j:type=SA,proto=esp,dst=\"2001:db8::2\",*"),
                null).size(), "found by a pattern on its quoted address");
        quiet.flush();
        mbeans.sync();
        assertEquals(Set.of(), names("SA"));
    }

    @Test
    void anSaThatLeftWithoutAnEventFailsTheReadNotTheServer() throws Exception {
        SaTable quiet = new SaTable();
        mbeans.close();
        mbeans = new GatewayMBeans(server, quiet);
        SaEntry e = quiet.add(esp("10.1.1.1", "10.2.2.2", 7));
        mbeans.sync();
        quiet.delete(e.id());
        ObjectName name = ObjectNames.sa(e.id());
        RuntimeMBeanException failed = assertThrows(RuntimeMBeanException.class,
                () -> server.getAttribute(name, "Packets"));
        assertEquals("the SA 10.2.2.2 esp spi=7 is no longer in the SAD", failed.getCause().getMessage());
    }

    private static PortInfo port(String name, long received) throws Exception {
        return new PortInfo(name, "network", true, List.of(new IpPrefix(ip("192.0.2.1"), 24)), 1500,
                new PortCounters(received, received * 100, 3, 300, 1));
    }

    @Test
    void portMBeansFollowTheEngineAndReadItsCountersLive() throws Exception {
        engine.ports = List.of(port("eth0", 5), port("eth1", 0));
        mbeans.status(engine);
        mbeans.sync();
        ObjectName eth0 = new ObjectName("org.ipsec4j:type=Port,name=eth0");
        assertEquals(Set.of(eth0, new ObjectName("org.ipsec4j:type=Port,name=eth1")), names("Port"));
        assertEquals(5L, server.getAttribute(eth0, "ReceivedPackets"));
        assertEquals(500L, server.getAttribute(eth0, "ReceivedBytes"));
        assertEquals(3L, server.getAttribute(eth0, "SentPackets"));
        assertEquals(300L, server.getAttribute(eth0, "SentBytes"));
        assertEquals(1L, server.getAttribute(eth0, "Dropped"));
        assertEquals(1500, server.getAttribute(eth0, "Mtu"));
        assertEquals(true, server.getAttribute(eth0, "Running"));
        assertEquals("network", server.getAttribute(eth0, "Role"));
        assertArrayEquals(new String[] {"192.0.2.1/24"}, (String[]) server.getAttribute(eth0, "Addresses"));

        engine.ports = List.of(port("eth0", 9));
        assertEquals(9L, server.getAttribute(eth0, "ReceivedPackets"), "read when asked");
        mbeans.syncEngine();
        assertEquals(Set.of(eth0), names("Port"));

        mbeans.status(null);
        mbeans.syncEngine();
        assertEquals(Set.of(), names("Port"), "no engine, no ports");
    }

    /** Drop counters as the engine keeps them: every reason, one of them {@code n}. */
    private static Map<Verdict, Long> drops(Verdict reason, long n) {
        Map<Verdict, Long> m = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) m.put(v, v == reason ? n : 0L);
        return m;
    }

    @Test
    void statisticsOfEachProtocolWithCamelCaseAttributes() throws Exception {
        StatSection ipsec = new EngineStatistics(5, 1, 7, 0, 0, 2, drops(Verdict.REPLAY, 3), drops(null, 0)).section();
        StatSection ip = new StatSection("ip", List.of(new StatSection.Line(11, "total packets received"),
                new StatSection.Line(0, "datagrams that can't be fragmented")));
        engine.statistics = List.of(ipsec, ip);
        mbeans.status(engine);
        mbeans.sync();
        ObjectName ipsecName = new ObjectName("org.ipsec4j:type=Statistics,protocol=ipsec");
        ObjectName ipName = new ObjectName("org.ipsec4j:type=Statistics,protocol=ip");
        assertEquals(Set.of(ipsecName, ipName), names("Statistics"));
        assertEquals(5L, server.getAttribute(ipsecName, "InboundPacketsProcessedSuccessfully"));
        assertEquals(7L, server.getAttribute(ipsecName, "OutboundPacketsProcessedSuccessfully"));
        assertEquals(2L, server.getAttribute(ipsecName, "AcquiresRaised"));
        assertEquals(3L, server.getAttribute(ipsecName, "InboundDropsReplay"));
        assertEquals(0L, server.getAttribute(ipsecName, "InboundDropsBadauth"), "a drop reason at 0 is there too");
        assertEquals(0L, server.getAttribute(ipsecName, "OutboundDropsNoalgo"));
        assertEquals(11L, server.getAttribute(ipName, "TotalPacketsReceived"));
        assertEquals(0L, server.getAttribute(ipName, "DatagramsThatCantBeFragmented"));

        var info = Arrays.stream(server.getMBeanInfo(ipsecName).getAttributes())
                .filter(a -> a.getName().equals("InboundPacketsProcessedSuccessfully")).findFirst().orElseThrow();
        assertEquals("inbound packets processed successfully", info.getDescription());
        assertEquals("long", info.getType());

        int before = engine.statisticsReads;
        engine.statistics = List.of(new EngineStatistics(6, 1, 7, 0, 0, 2, drops(null, 0), drops(null, 0)).section(), ip);
        assertEquals(6L, server.getAttribute(ipsecName, "InboundPacketsProcessedSuccessfully"), "read when asked");
        assertEquals(0L, server.getAttribute(ipsecName, "InboundDropsReplay"));
        var list = server.getAttributes(ipsecName, new String[] {"InboundPacketsProcessedSuccessfully",
                "AcquiresRaised", "NoSuchCounter"});
        assertEquals(2, list.size());
        assertEquals(before + 3, engine.statisticsReads, "one engine read per JMX request");
    }

    @Test
    void aNameSomeoneElseHoldsIsLeftAlone() throws Exception {
        ObjectName name = ObjectNames.sa(new SaId(ip("10.2.2.2"), SaProtocol.ESP, 1));
        server.registerMBean(new StandardMBean((Runnable) () -> { }, Runnable.class), name);
        sad.add(esp("10.1.1.1", "10.2.2.2", 1));
        assertEquals(Set.of(), mbeans.names(), "not ours");
        assertTrue(server.isRegistered(name));
        server.unregisterMBean(name);
        mbeans.sync();
        assertEquals(Set.of(name), mbeans.names(), "taken once free");
    }

    @Test
    void statisticsAttributeNames() {
        assertEquals("InboundPacketsProcessedSuccessfully",
                StatisticsMBean.attributeName("inbound packets processed successfully"));
        assertEquals("FragmentsDroppedOverlapBadLengthTooMany",
                StatisticsMBean.attributeName("fragments dropped (overlap, bad length, too many)"));
        assertEquals("FragmentationNeededPacketTooBigSent",
                StatisticsMBean.attributeName("fragmentation needed / packet too big sent"));
        assertEquals("OutboundDropsNoroute", StatisticsMBean.attributeName("outbound drops: noroute"));
    }
}
