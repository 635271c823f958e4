package org.ipsec4j.setkey.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ipsec4j.setkey.command.Gateway.Result;
import org.junit.jupiter.api.Test;

/** The statements of the KAME manual-keying guide, verbatim through {@code -c}, then {@code -D} and {@code -DP}. */
class KameGuideTest {
    private static final String SAS = """
            add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc "hogehoge" ;
            add 10.2.2.2 10.1.1.1 esp 9999 -E des-cbc "hogehoge" ;
            """;
    private static final String HOST_A_POLICY = """
            spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transport//use;
            """;

    private final Gateway gw = new Gateway();

    @Test
    void endHostsThenDump() {
        assertEquals(new Result(0, "", ""), gw.run(SAS, "-c"));
        assertEquals(new Result(0, "", ""), gw.run(HOST_A_POLICY, "-c"));
        gw.clock.advanceSeconds(5);
        // An SA added without -m has mode any, as on KAME (docs/ARCHITECTURE.md).
        String sad = """
                10.1.1.1 10.2.2.2\s
                \tesp mode=any spi=9998(0x0000270e) reqid=0(0x00000000)
                \tE: des-cbc  686f6765 686f6765
                \tseq=0x00000000 replay=0 flags=0x00000000 state=mature\s
                \tcreated: Nov 27 10:00:00 2026\tcurrent: Nov 27 10:00:05 2026
                \tdiff: 5(s)\thard: 0(s)\tsoft: 0(s)
                \tlast:                     \thard: 0(s)\tsoft: 0(s)
                \tcurrent: 0(bytes)\thard: 0(bytes)\tsoft: 0(bytes)
                \tallocated: 0\thard: 0\tsoft: 0
                \tsadb_seq=1 pid=4242 refcnt=0
                10.2.2.2 10.1.1.1\s
                \tesp mode=any spi=9999(0x0000270f) reqid=0(0x00000000)
                \tE: des-cbc  686f6765 686f6765
                \tseq=0x00000000 replay=0 flags=0x00000000 state=mature\s
                \tcreated: Nov 27 10:00:00 2026\tcurrent: Nov 27 10:00:05 2026
                \tdiff: 5(s)\thard: 0(s)\tsoft: 0(s)
                \tlast:                     \thard: 0(s)\tsoft: 0(s)
                \tcurrent: 0(bytes)\thard: 0(bytes)\tsoft: 0(bytes)
                \tallocated: 0\thard: 0\tsoft: 0
                \tsadb_seq=2 pid=4242 refcnt=0
                """;
        assertEquals(new Result(0, sad, ""), gw.run("", "-D"));
        String spd = """
                10.1.1.1[any] 10.2.2.2[any] any
                \tout ipsec
                \tesp/transport//use
                \tcreated: Nov 27 10:00:00 2026  lastused:                     \n\
                \tlifetime: 0(s) validtime: 0(s)
                \tspid=1 seq=0 pid=4242
                \trefcnt=1
                """;
        assertEquals(new Result(0, spd, ""), gw.run("", "-DP"));
        assertEquals(new Result(0, spd, ""), gw.run("", "-D", "-P"));
    }

    @Test
    void theTunnelExampleAsWrittenLacksADirectionAndChangesNothing() {
        String tunnel = "spdadd 10.1.1.0/24 10.2.2.0/24 any -P ipsec esp/tunnel/10.1.1.1-10.2.2.2/use;\n";
        Result r = gw.run(SAS + tunnel, "-c");
        assertEquals(new Result(1, "", "setkey: line 3, column 39: policy direction missing before \"ipsec\""
                + " (expected in, out or fwd, e.g. -P out ipsec ...)\n"), r);
        assertEquals("No SAD entries.\n", gw.sadDump());
        assertEquals(new Result(0, "", ""),
                gw.run(SAS + tunnel.replace("-P ipsec", "-P out ipsec"), "-c"));
        assertEquals("""
                10.1.1.0/24[any] 10.2.2.0/24[any] any
                \tout ipsec
                \tesp/tunnel/10.1.1.1-10.2.2.2/use
                """, String.join("\n", gw.spdDump().lines().limit(3).toList()) + "\n");
    }

    @Test
    void bothEndsWithTheirOwnPolicies() {
        Gateway b = new Gateway();
        assertEquals(0, b.run(SAS + "spdadd 10.2.2.2 10.1.1.1 any -P out ipsec esp/transport//use;\n", "-c")
                .status());
        assertEquals("10.2.2.2[any] 10.1.1.1[any] any", b.spdDump().lines().findFirst().orElseThrow());
    }
}
