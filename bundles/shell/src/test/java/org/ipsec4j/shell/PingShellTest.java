package org.ipsec4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.ipsec4j.api.policy.Direction;
import org.ipsec4j.api.policy.IpsecRequest;
import org.ipsec4j.api.policy.Level;
import org.ipsec4j.api.policy.PolicyAction;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.engine.admin.EchoRequest;
import org.ipsec4j.engine.admin.EchoResult;
import org.junit.jupiter.api.Test;

class PingShellTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final List<EchoRequest> requests = new ArrayList<>();

    private ShellOutcome ping(Function<EchoRequest, EchoResult> answer, String... args) throws Exception {
        return new PingShell(r -> {
            requests.add(r);
            return answer.apply(r);
        }).run(List.of(args), out, err);
    }

    @Test
    void repliesAndStatisticsAsPingPrintsThem() throws Exception {
        ShellOutcome o = ping(r -> new EchoResult(EchoResult.Status.REPLY, r.destination(), 64, 63, 1_500_000, null),
                "-c", "3", "-i", "0", "192.0.2.2");
        assertEquals(0, o.status());
        assertEquals(String.join("\n", "PING 192.0.2.2 (192.0.2.2): 56 data bytes",
                "64 bytes from 192.0.2.2: icmp_seq=0 ttl=63 time=1.500 ms",
                "64 bytes from 192.0.2.2: icmp_seq=1 ttl=63 time=1.500 ms",
                "64 bytes from 192.0.2.2: icmp_seq=2 ttl=63 time=1.500 ms", "",
                "--- 192.0.2.2 ping statistics ---",
                "3 packets transmitted, 3 packets received, 0.0% packet loss",
                "round-trip min/avg/max/stddev = 1.500/1.500/1.500/0.000 ms", ""),
                outBytes.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(0, 1, 2), requests.stream().map(EchoRequest::sequence).toList());
        assertEquals(56, requests.get(0).dataLength());
        assertNull(requests.get(0).outPolicy());
    }

    @Test
    void perCallPoliciesSizeAndDf() throws Exception {
        ping(r -> new EchoResult(EchoResult.Status.REPLY, r.destination(), 108, 64, 1000, null), "-c", "1", "-s", "100",
                "-D", "-P", "out ipsec esp/transport//require", "-P", "in ipsec esp/tunnel/192.0.2.2-192.0.2.1/use",
                "192.0.2.2");
        EchoRequest r = requests.get(0);
        assertEquals(100, r.dataLength());
        assertTrue(r.dontFragment());
        assertEquals(Direction.OUT, r.outPolicy().direction());
        assertEquals(PolicyAction.IPSEC, r.outPolicy().action());
        assertEquals(List.of(IpsecRequest.of(SaProtocol.ESP, IpsecMode.TRANSPORT, Level.REQUIRE)), r.outPolicy().rules());
        IpsecRequest in = r.inPolicy().rules().get(0);
        assertEquals(IpsecMode.TUNNEL, in.mode());
        assertEquals("192.0.2.2", in.source().getHostAddress());
        assertEquals(Level.USE, in.level());
    }

    @Test
    void failuresAsPingReportsThem() throws Exception {
        ShellOutcome o = ping(r -> new EchoResult(EchoResult.Status.NOT_SENT, null, 0, 0, 0, "acquire"),
                "-c", "2", "-i", "0", "192.0.2.2");
        assertEquals(2, o.status());
        assertEquals("ping: sendto: Resource temporarily unavailable (no SA for the required policy)", o.message());
        assertTrue(outBytes.toString(StandardCharsets.UTF_8).contains("0 packets transmitted, 0 packets received, 100.0% packet loss"));

        outBytes.reset();
        ShellOutcome e = ping(r -> new EchoResult(EchoResult.Status.ICMP_ERROR, AddressText.parse("10.1.0.1"), 36, 64, 0,
                "Destination Net Unreachable"), "-c", "1", "203.0.113.9");
        assertEquals(2, e.status());
        String text = outBytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("36 bytes from 10.1.0.1: Destination Net Unreachable\n"), text);
        assertTrue(text.contains("1 packets transmitted, 0 packets received, +1 errors, 100.0% packet loss"), text);

        outBytes.reset();
        ping(r -> new EchoResult(EchoResult.Status.TIMEOUT, null, 0, 0, 0, null), "-c", "1", "-W", "0.1", "2001:db8::2");
        assertTrue(outBytes.toString(StandardCharsets.UTF_8).startsWith("PING6 2001:db8::2 (2001:db8::2): 56 data bytes\n"
                + "Request timeout for icmp_seq 0\n"));
        assertEquals(100, requests.get(requests.size() - 1).timeout().toMillis());
    }

    @Test
    void badArguments() throws Exception {
        Function<EchoRequest, EchoResult> never = r -> {
            throw new AssertionError("no request expected");
        };
        assertEquals(2, ping(never).status());
        assertEquals(2, ping(never, "-c", "x", "192.0.2.2").status());
        assertEquals("ping: not a numeric IP address: host.example", ping(never, "host.example").message());
        assertEquals("ping: policy: direction must be in or out: fwd",
                ping(never, "-P", "fwd ipsec esp/transport//require", "192.0.2.2").message());
        assertEquals("ping: policy: a tunnel rule needs its endpoints: esp/tunnel//require",
                ping(never, "-P", "out ipsec esp/tunnel//require", "192.0.2.2").message());
        assertEquals("ping: policy: ipsec needs a rule, e.g. esp/transport//require",
                ping(never, "-P", "out ipsec", "192.0.2.2").message());
    }
}
