package org.ipsec4j.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs the demo as {@code bin/ipsec4j demo} does and reads what it printed. */
class DemoTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private String run(String... args) throws Exception {
        int status = Demo.run(args, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        assertEquals(0, status, () -> errBytes.toString(StandardCharsets.UTF_8));
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void bothScenariosShowEspOnTheWireRepliesAndCounters() throws Exception {
        String out = run();
        List<String> lines = out.lines().toList();
        // the wire and the wan carry ESP with the guide's SPIs only, plaintext is seen inside only
        List<String> wire = lines.stream().filter(l -> l.trim().startsWith("[wire]") || l.trim().startsWith("[wan]")).toList();
        assertEquals(8, wire.size(), "two pings shown in each scenario, request and reply each");
        for (String l : wire) assertTrue(l.contains(": ESP(spi=0x0000270e,") || l.contains(": ESP(spi=0x0000270f,"), l);
        assertTrue(out.contains("[wire]                 192.0.2.1 > 192.0.2.2: ESP(spi=0x0000270e,seq=0x1)"), out);
        assertTrue(out.contains("[wan]                  192.0.2.2 > 192.0.2.1: ESP(spi=0x0000270f,seq=0x2)"), out);
        assertTrue(out.contains("[A kernel -> engine]   192.0.2.1 > 192.0.2.2: ICMP echo request, id 4660, seq 0"), out);
        assertTrue(out.contains("[site Y]               198.51.100.10 > 203.0.113.10: ICMP echo request, id 16962, seq 0,"
                + " length 84, ttl 62"), "forwarded twice: " + out);
        for (int seq = 0; seq < 3; seq++) {
            assertTrue(out.contains("64 bytes from 192.0.2.2: icmp_seq=" + seq + " ttl=64 time="), out);
            assertTrue(out.contains("64 bytes from 203.0.113.10: icmp_seq=" + seq + " ttl=62 time="), out);
        }
        assertFalse(out.contains("timeout"), out);
        assertTrue(out.contains("spdadd 198.51.100.0/24 203.0.113.0/24 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/use ;"));
        // setkey -D of B and of GA: both SAs carried three packets
        Matcher m = Pattern.compile("\tallocated: (\\d+)\t").matcher(out);
        int sas = 0;
        while (m.find()) {
            assertEquals("3", m.group(1));
            sas++;
        }
        assertEquals(4, sas);
        assertTrue(out.contains("\tesp mode=any spi=9998(0x0000270e) reqid=0(0x00000000)\n"));
        assertTrue(out.contains("\tseq=0x00000003 replay=0 flags=0x00000000 state=mature \n"));
    }

    @Test
    void oneScenarioAndACount() throws Exception {
        String out = run("2", "-c", "1");
        assertFalse(out.contains("Scenario 1"));
        assertTrue(out.contains("64 bytes from 203.0.113.10: icmp_seq=0 ttl=62"));
        assertFalse(out.contains("icmp_seq=1"));
    }

    @Test
    void badArguments() throws Exception {
        assertEquals(2, Demo.run(new String[] {"-c", "x"}, new PrintStream(outBytes), new PrintStream(errBytes)));
        assertEquals(2, Demo.run(new String[] {"3"}, new PrintStream(outBytes), new PrintStream(errBytes)));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).startsWith("usage: ipsec4j demo [1|2] [-c COUNT]"));
    }

    @Test
    void netnsIsHandedToItsClassWhenThereIsOne() throws Exception {
        boolean present;
        try {
            Class.forName(Demo.NETNS_DEMO);
            present = true;
        } catch (ClassNotFoundException e) {
            present = false;
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(present, "the namespace demo is in this build: it needs root");
        assertEquals(2, Demo.run(new String[] {"--netns"}, new PrintStream(outBytes), new PrintStream(errBytes)));
        assertEquals("ipsec4j demo --netns: not available in this build (no org.ipsec4j.demo.NetnsDemo)\n",
                errBytes.toString(StandardCharsets.UTF_8));
    }
}
