package org.ipsec4j.engine.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.engine.Mib;
import org.ipsec4j.engine.admin.EchoRequest;
import org.ipsec4j.engine.admin.EchoResult;
import org.ipsec4j.io.memory.MemoryLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The KAME guide's tunnel scenario ({@link TwoSites}): forwarding, the tunnel, ICMP from the gateways. */
class GatewayTunnelTest {
    final TwoSites sites = new TwoSites(1500);
    final MemoryLink wan = sites.wan;
    final Wire wanWire = sites.wanWire;
    final Wire yWire = sites.yWire;
    final Node x = sites.x;
    final Node ga = sites.ga;
    final Node gb = sites.gb;
    final Node y = sites.y;

    @AfterEach
    void close() {
        sites.close();
    }

    @Test
    void sitesPingThroughTheTunnel() throws Exception {
        EchoResult r = x.ping("10.2.0.10");
        assertEquals(EchoResult.Status.REPLY, r.status(), () -> String.valueOf(r));
        assertEquals("10.2.0.10", r.from().getHostAddress());
        assertEquals(62, r.ttl(), "GB and GA each took one off the reply's TTL");
        List<byte[]> esp = wanWire.ofProtocol(IpProtocol.ESP);
        assertEquals(2, wanWire.packets.size());
        assertEquals(2, esp.size(), "the wan carries ESP only");
        byte[] out = esp.get(0);
        assertEquals("192.0.2.1", ip(out, 12), "outer source: GA");
        assertEquals("192.0.2.2", ip(out, 16), "outer destination: GB");
        assertEquals(9998, Wire.spi(out));
        assertEquals(9999, Wire.spi(esp.get(1)));
        byte[] atY = yWire.packets.get(0);
        assertEquals(IpProtocol.ICMP, Wire.protocol(atY), "plaintext on site Y");
        assertEquals(62, Wire.ttl(atY), "the request left X with 64, GA and GB decremented it");
        assertEquals(2, ga.counterAfterSend(4, IpCounter.FORWARDED, 2), "the request out, the reply in");
        assertEquals(2, gb.counterAfterSend(4, IpCounter.FORWARDED, 2));
        assertEquals(1, ga.sa(9998).counters().packets());
        assertEquals(1, gb.sa(9998).counters().packets());
        assertEquals(1, ga.engine.statistics().outSuccess());
        assertEquals(1, ga.engine.statistics().inSuccess());
    }

    @Test
    void forwardingOffDrops() throws Exception {
        ga.sysctl(Mib.IP_FORWARDING, 0);
        assertEquals(EchoResult.Status.TIMEOUT, x.pingBriefly("10.2.0.10").status());
        assertEquals(1, ga.counter(4, IpCounter.CANT_FORWARD));
        assertEquals(0, wanWire.packets.size());
        ga.sysctl(Mib.IP_FORWARDING, 1);
        assertEquals(EchoResult.Status.REPLY, x.ping("10.2.0.10").status());
    }

    @Test
    void requiredSaDeletedDropsAndReaddingRestores() throws Exception {
        assertEquals(EchoResult.Status.REPLY, x.ping("10.2.0.10").status());
        ga.setkey("delete 192.0.2.1 192.0.2.2 esp 9998 ;\n");
        assertEquals(EchoResult.Status.TIMEOUT, x.pingBriefly("10.2.0.10").status());
        assertEquals(1, ga.engine.statistics().outNoSa());
        assertEquals(1, ga.engine.statistics().acquires());
        assertEquals(2, wanWire.packets.size(), "nothing leaked onto the wan");
        ga.setkey("add 192.0.2.1 192.0.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n");
        gb.setkey("delete 192.0.2.1 192.0.2.2 esp 9998 ;\nadd 192.0.2.1 192.0.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n");
        assertEquals(EchoResult.Status.REPLY, x.ping("10.2.0.10").status());
    }

    @Test
    void plaintextFromTheWanIsRefusedByTheInPolicy() throws Exception {
        // a host on the wan sends a plaintext request with site X's address as its source
        Node intruder = new Node("intruder");
        try {
            intruder.port(wan, "i0", "192.0.2.66/24");
            intruder.route("10.2.0.0/24 192.0.2.2");
            EchoResult r = intruder.gateway.echo(new EchoRequest(Node.addr("10.2.0.10"), Node.addr("10.1.0.10"), 7, 1,
                    56, false, null, null, Duration.ofMillis(300)));
            assertEquals(EchoResult.Status.TIMEOUT, r.status());
            assertEquals(1, gb.engine.statistics().inPolicyViolation(), "site X's traffic must come through the tunnel");
            assertEquals(0, yWire.packets.size(), "nothing reached site Y");
        } finally {
            intruder.close();
        }
    }

    @Test
    void timeExceededUnreachableAndEchoFromTheGateway() throws Exception {
        EchoResult echo = x.ping("10.1.0.1");
        assertEquals(EchoResult.Status.REPLY, echo.status());
        assertEquals("10.1.0.1", echo.from().getHostAddress());
        EchoResult far = x.ping("192.0.2.2");
        assertEquals(EchoResult.Status.REPLY, far.status(), "GB's wan address, through GA unprotected");
        assertEquals(63, far.ttl());

        EchoResult unreachable = x.ping("203.0.113.9");
        assertEquals(EchoResult.Status.ICMP_ERROR, unreachable.status());
        assertEquals("Destination Net Unreachable", unreachable.detail());
        assertEquals("10.1.0.1", unreachable.from().getHostAddress(), "from GA's address on X's side");
        assertEquals(1, ga.counter(4, IpCounter.UNREACH_SENT));
        assertEquals(1, ga.counter(4, IpCounter.NO_ROUTE));

        x.sysctl(Mib.IP_TTL, 1);
        EchoResult expired = x.ping("10.2.0.10");
        assertEquals(EchoResult.Status.ICMP_ERROR, expired.status());
        assertEquals("Time to live exceeded", expired.detail());
        assertEquals("10.1.0.1", expired.from().getHostAddress());
        assertEquals(1, ga.counter(4, IpCounter.TIME_EXCEEDED_SENT));
        x.sysctl(Mib.IP_TTL, 2);
        EchoResult expiredAtGb = x.ping("10.2.0.10");
        assertEquals(EchoResult.Status.ICMP_ERROR, expiredAtGb.status());
        assertEquals("192.0.2.2", expiredAtGb.from().getHostAddress(), "GB answers from the port the packet arrived"
                + " on (the tunnel's), outside the tunnel's selectors");
        assertEquals(1, gb.counter(4, IpCounter.TIME_EXCEEDED_SENT));
    }

    @Test
    void icmpErrorsAreRateLimited() throws Exception {
        ga.sysctl(Mib.ICMP_ICMPLIM, 1);
        assertEquals(EchoResult.Status.ICMP_ERROR, x.ping("203.0.113.9").status());
        assertEquals(EchoResult.Status.TIMEOUT, x.pingBriefly("203.0.113.9").status());
        assertEquals(1, ga.counter(4, IpCounter.ERRORS_RATE_LIMITED));
    }

    private static String ip(byte[] p, int off) {
        return (p[off] & 0xff) + "." + (p[off + 1] & 0xff) + "." + (p[off + 2] & 0xff) + "." + (p[off + 3] & 0xff);
    }
}
