package org.ipsec4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code bin/ipsec4j demo} of the built distribution: the guide's scenarios run, quietly, from lib/. */
class DemoScriptIT {
    private static Command.Result ipsec4j(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Gateway.HOME.resolve("bin/ipsec4j").toString()));
        command.addAll(List.of(args));
        return Command.run(command, Map.of(), null, "", 120);
    }

    @Test
    void demoShowsEspOnTheWireAndReplies() throws Exception {
        Command.Result r = ipsec4j("demo", "-c", "2");
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.err(), "no JVM warnings: " + r);
        String out = r.out();
        assertTrue(out.contains("[wire]                 192.0.2.1 > 192.0.2.2: ESP(spi=0x0000270e,seq=0x1)"), out);
        assertTrue(out.contains("[wan]                  192.0.2.1 > 192.0.2.2: ESP(spi=0x0000270e,seq=0x1)"), out);
        assertTrue(out.contains("64 bytes from 192.0.2.2: icmp_seq=1 ttl=64"), out);
        assertTrue(out.contains("64 bytes from 203.0.113.10: icmp_seq=1 ttl=62"), out);
        assertTrue(out.contains("\tallocated: 2\t"), out);
    }

    @Test
    void usageErrors() throws Exception {
        Command.Result none = ipsec4j();
        assertEquals(2, none.status());
        assertTrue(none.err().startsWith("usage: ipsec4j demo [1|2] [-c COUNT]\n"), none::toString);
        Command.Result bad = ipsec4j("demo", "-c", "many");
        assertEquals(2, bad.status());
        assertEquals("usage: ipsec4j demo [1|2] [-c COUNT]   (or: ipsec4j demo --netns ...)\n", bad.err());
        Command.Result unknown = ipsec4j("frobnicate");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().startsWith("ipsec4j: unknown command: frobnicate\n"));
    }
}
