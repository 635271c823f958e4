package org.ipsec4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway as an administrator uses it: {@code bin/ipsec4j-gateway --daemon}, then {@code bin/setkey} with the
 * KAME guide's statements, dumps, a broken file, flushes, and {@code stop}.
 */
class GatewaySetkeyIT {
    /** The KAME guide's SAD statements for host A and host B, verbatim. */
    static final String KAME_SAD = """
            add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc "hogehoge" ;
            add 10.2.2.2 10.1.1.1 esp 9999 -E des-cbc "hogehoge" ;
            """;
    /** The KAME guide's SPD statement on 10.1.1.1, verbatim. */
    static final String KAME_SPD_A = "spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transport//use;\n";
    /** ... and the one on 10.2.2.2. */
    static final String KAME_SPD_B = "spdadd 10.2.2.2 10.1.1.1 any -P out ipsec esp/transport//use;\n";

    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = new Gateway().started();
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static void assertOk(Command.Result result) {
        assertEquals(0, result.status(), result::toString);
        assertEquals("", result.err(), result::toString);
    }

    @Test
    void kameTransportStatementsVerbatimThenDumpsThenFlushes() throws Exception {
        assertEquals("No SAD entries.\n", gateway.setkey("", "-D").out());
        assertEquals("No SPD entries.\n", gateway.setkey("", "-DP").out());

        assertOk(gateway.setkey(KAME_SAD, "-c"));
        assertOk(gateway.setkey(KAME_SPD_A, "-c"));
        assertOk(gateway.setkey(KAME_SPD_B, "-c"));

        Command.Result sad = gateway.setkey("", "-D");
        assertOk(sad);
        assertEquals(2, count(sad.out(), "\tesp mode="), sad.out());
        assertTrue(sad.out().contains("10.1.1.1 10.2.2.2 \n\tesp mode=any spi=9998(0x0000270e) reqid=0(0x00000000)\n"
                + "\tE: des-cbc  686f6765 686f6765\n"), sad.out());
        assertTrue(sad.out().contains("10.2.2.2 10.1.1.1 \n\tesp mode=any spi=9999(0x0000270f) reqid=0(0x00000000)\n"
                + "\tE: des-cbc  686f6765 686f6765\n"), sad.out());
        assertTrue(sad.out().contains("pid=" + gateway.pid() + " "), "-D shows the gateway's pid: " + sad.out());

        Command.Result spd = gateway.setkey("", "-DP");
        assertOk(spd);
        assertEquals(2, count(spd.out(), "\tout ipsec\n"), spd.out());
        assertTrue(spd.out().contains("10.1.1.1[any] 10.2.2.2[any] any\n\tout ipsec\n\tesp/transport//use\n"),
                spd.out());
        assertTrue(spd.out().contains("10.2.2.2[any] 10.1.1.1[any] any\n\tout ipsec\n\tesp/transport//use\n"),
                spd.out());
        assertEquals(spd.out(), gateway.setkey("", "-D", "-P").out(), "-D -P is -DP");

        // the same statement again is an error that changes nothing
        Command.Result again = gateway.setkey(KAME_SPD_A, "-c");
        assertEquals(1, again.status(), again::toString);
        assertTrue(again.err().startsWith("setkey: line 1"), again.err());
        assertEquals(2, count(gateway.setkey("", "-DP").out(), "\tout ipsec\n"));

        assertOk(gateway.setkey("", "-F"));
        assertEquals("No SAD entries.\n", gateway.setkey("", "-D").out());
        assertEquals(2, count(gateway.setkey("", "-DP").out(), "\tout ipsec\n"), "-F leaves the SPD alone");
        assertOk(gateway.setkey("", "-FP"));
        assertEquals("No SPD entries.\n", gateway.setkey("", "-DP").out());
    }

    @Test
    void fileWithAnErrorOnItsLastLineChangesNothingAndSaysWhere() throws Exception {
        Files.writeString(gateway.base.resolve("site.conf"), KAME_SAD + KAME_SPD_A
                + "add 10.3.3.3 10.4.4.4 esp 7777 -E des-cbc \"hogehog\" ;\n");
        // relative to the client's working directory
        Command.Result result = gateway.setkeyIn(gateway.base, "", "-f", "site.conf");
        assertEquals(1, result.status(), result::toString);
        assertEquals("", result.out());
        assertTrue(result.err().startsWith("setkey: line 4"), result.err());
        assertEquals("No SAD entries.\n", gateway.setkey("", "-D").out());
        assertEquals("No SPD entries.\n", gateway.setkey("", "-DP").out());

        // the same file, repaired, applies whole
        Files.writeString(gateway.base.resolve("site.conf"), KAME_SAD + KAME_SPD_A);
        assertOk(gateway.setkeyIn(gateway.base, "", "-f", "site.conf"));
        assertEquals(2, count(gateway.setkey("", "-D").out(), "\tesp mode="));
        assertEquals(1, count(gateway.setkey("", "-DP").out(), "\tout ipsec\n"));
    }

    @Test
    void checkOnlyNeedsNoGatewayAndChangesNothing() throws Exception {
        Files.writeString(gateway.base.resolve("bad.conf"), KAME_SAD + "spdadd 10.1.1.1 10.2.2.2 any -P ipsec esp/transport//use;\n");
        Command.Result bad = gateway.setkeyIn(gateway.base, "", "-n", "-f", "bad.conf");
        assertEquals(1, bad.status(), bad::toString);
        assertTrue(bad.err().contains("bad.conf") && bad.err().contains("line 3"), bad.err());
        Command.Result good = gateway.setkey(KAME_SAD + KAME_SPD_A, "-n", "-c");
        assertEquals(0, good.status(), good::toString);
        assertEquals("No SAD entries.\n", gateway.setkey("", "-D").out());

        assertEquals(0, gateway.stop().status());
        Command.Result offline = gateway.setkey(KAME_SAD, "-n", "-c");
        assertEquals(0, offline.status(), "no gateway is needed for -n: " + offline);
    }

    @Test
    void stopStopsTheGatewayCleanly() throws Exception {
        long pid = gateway.pid();
        assertTrue(Files.exists(gateway.socket()));
        Command.Result stop = gateway.stop();
        assertEquals(0, stop.status(), stop::toString);
        assertEquals("ipsec4j-gateway: stopped (pid " + pid + ")\n", stop.out());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(Files.exists(gateway.socket()), "the socket file is removed");
        assertFalse(Files.exists(gateway.run.resolve("ipsec4j-gateway.pid")));
        Command.Result unreachable = gateway.setkey("", "-D");
        assertEquals(1, unreachable.status());
        assertTrue(unreachable.err().startsWith("setkey: cannot reach the gateway at " + gateway.socket() + ": "),
                unreachable.err());
        assertEquals("ipsec4j-gateway: not running (" + gateway.conf.toRealPath() + ")\n", gateway.stop().out());
    }

    @Test
    void secondStartOfTheSameConfigurationIsRefused() throws Exception {
        Command.Result second = gateway.start();
        assertEquals(1, second.status(), second::toString);
        assertEquals("ipsec4j-gateway: already running for " + gateway.conf.toRealPath() + " (pid " + gateway.pid()
                + ")\n", second.err());
        assertEquals(0, gateway.setkey("", "-D").status());
    }
}
