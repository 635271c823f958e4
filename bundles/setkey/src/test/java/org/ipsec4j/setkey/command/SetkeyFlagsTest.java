package org.ipsec4j.setkey.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.ipsec4j.setkey.command.Gateway.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: every flag, grouped flags, and every usage error with its text. */
class SetkeyFlagsTest {
    private static final String ADD = "add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n";

    private final Gateway gw = new Gateway();

    @TempDir
    Path dir;

    private void assertUsageError(String firstLine, String... args) {
        Result r = gw.run(ADD, args);
        assertEquals(1, r.status());
        assertEquals("", r.out());
        assertEquals(firstLine + "\n" + SetkeyOptions.USAGE, r.err());
        assertEquals("No SAD entries.\n", gw.sadDump(), "a usage error changes nothing");
    }

    @Test
    void helpPrintsTheUsageAndSucceeds() {
        Result r = gw.run("", "-h");
        assertEquals(new Result(0, SetkeyOptions.USAGE, ""), r);
        assertTrue(r.out().startsWith("usage: setkey [-nv] -c\n       setkey [-nv] -f filename\n"));
        assertEquals(0, gw.run(ADD, "-c", "-h").status());
        assertEquals("No SAD entries.\n", gw.sadDump(), "-h wins over -c and reads nothing");
    }

    @Test
    void usageErrors() {
        assertUsageError("setkey: one of -c, -f, -D, -F, -x or -h is needed");
        assertUsageError("setkey: one of -c, -f, -D, -F, -x or -h is needed", "-v");
        assertUsageError("setkey: invalid option -- 'q'", "-q");
        assertUsageError("setkey: invalid option -- 'z'", "-Dz");
        assertUsageError("setkey: option -l of setkey(8) is not supported by ipsec4j", "-l");
        assertUsageError("setkey: -x may be given at most twice", "-xxx");
        assertUsageError("setkey: -x may be given at most twice", "-xx", "-x");
        assertUsageError("setkey: -c, -f, -D, -F and -x exclude each other", "-Dx");
        assertUsageError("setkey: option -p of setkey(8) is not supported by ipsec4j", "-Dp");
        assertUsageError("setkey: option requires an argument -- 'f'", "-f");
        assertUsageError("setkey: option requires an argument -- 'f'", "-nf");
        assertUsageError("setkey: -c, -f, -D, -F and -x exclude each other", "-c", "-D");
        assertUsageError("setkey: -c, -f, -D, -F and -x exclude each other", "-DF");
        assertUsageError("setkey: -f may be given only once", "-f", "a", "-f", "b");
        assertUsageError("setkey: unexpected argument \"extra\"", "-c", "extra");
        assertUsageError("setkey: unexpected argument \"-c\"", "--", "-c");
    }

    @Test
    void statementsFromStandardInput() {
        assertEquals(new Result(0, "", ""), gw.run(ADD, "-c"));
        assertTrue(gw.sadDump().startsWith("10.1.1.1 10.2.2.2 \n\tesp mode=any spi=9998(0x0000270e)"));
    }

    @Test
    void statementsFromAFileWithTheFileNameInErrors() throws IOException {
        Path file = dir.resolve("setkey.conf");
        String text = ADD + "add 10.2.2.2 10.1.1.1 esp 9999 -E des-cbc \"hoge\" ;\n";
        Files.writeString(file, text);
        Result r = gw.run("", "-f", file.toString());
        String problem = Parsing.errorOf(text);
        assertTrue(problem.startsWith("line 2, column 43: "), problem);
        assertEquals(new Result(1, "", "setkey: " + file + ": " + problem + "\n"), r);
        assertEquals("No SAD entries.\n", gw.sadDump(), "the first line is not applied either");
        Files.writeString(file, ADD);
        assertEquals(new Result(0, "", ""), gw.run("", "-f" + file));
        assertEquals(1, gw.sadDump().lines().filter(l -> l.startsWith("\tsadb_seq=")).count());
    }

    @Test
    void dashFReadsStandardInputForADash() {
        assertEquals(new Result(0, "", ""), gw.run(ADD, "-f", "-"));
        assertTrue(gw.sadDump().contains("spi=9998"));
        Result r = gw.run("add 10.1.1.1 ;", "-f", "-");
        assertTrue(r.err().startsWith("setkey: line 1, column 14: "), r.err());
    }

    @Test
    void aMissingFile() {
        Path missing = dir.resolve("nothing.conf");
        assertEquals(new Result(1, "", "setkey: " + missing + ": No such file or directory\n"),
                gw.run("", "-f", missing.toString()));
    }

    @Test
    void groupedFlagsAreLikeSeparateOnes() {
        gw.run(ADD + "spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transport//use;", "-c");
        String sad = gw.run("", "-D").out();
        String spd = gw.run("", "-DP").out();
        assertTrue(spd.startsWith("10.1.1.1[any] 10.2.2.2[any] any\n"), spd);
        assertEquals(spd, gw.run("", "-D", "-P").out());
        assertEquals(spd, gw.run("", "-PD").out());
        assertEquals(spd, gw.run("", "-vDP").out());
        assertEquals(sad, gw.run("", "-Da").out());
        assertEquals(new Result(0, "", ""), gw.run("", "-FP"));
        assertEquals("No SPD entries.\n", gw.spdDump());
        assertEquals(sad, gw.sadDump(), "-FP leaves the SAD alone");
        assertEquals(new Result(0, "", ""), gw.run("", "-F", "-P"));
        assertEquals(new Result(0, "", ""), gw.run("", "-F"));
        assertEquals("No SAD entries.\n", gw.sadDump());
    }

    @Test
    void dryRunWithDumpOrFlushDoesNothingAsInSetkey() {
        gw.run(ADD, "-c");
        String before = gw.sadDump();
        assertEquals(new Result(0, "", ""), gw.run("", "-nF"));
        assertEquals(new Result(0, "", ""), gw.run("", "-n", "-D"));
        assertEquals(before, gw.sadDump());
    }

    @Test
    void verboseReportsEachStatementAndFlushCounts() {
        Result r = gw.run(ADD + "spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transport//use;\n", "-vc");
        assertEquals(new Result(0, "line 1: add 10.1.1.1 10.2.2.2 esp 9998\n"
                + "line 2: spdadd 10.1.1.1 10.2.2.2 any -P out\n", ""), r);
        assertEquals(new Result(0, "spdflush: 1 policies removed\n", ""), gw.run("", "-FPv"));
        assertEquals(new Result(0, "flush: 1 SAs removed\n", ""), gw.run("", "-vF"));
    }

    @Test
    void withoutDatabasesOnlyCheckingAndHelpWork() {
        SetkeyCommand offline = new SetkeyCommand(null, null, Clock.systemUTC(), 1);
        String needs = " needs a running gateway; offline, only -n (check) and -h work\n";
        assertEquals(new Result(1, "", "setkey: -D" + needs), Gateway.run(offline, "", "-D"));
        assertEquals(new Result(1, "", "setkey: -DP" + needs), Gateway.run(offline, "", "-DP"));
        assertEquals(new Result(1, "", "setkey: -F" + needs), Gateway.run(offline, "", "-F"));
        assertEquals(new Result(1, "", "setkey: -FP" + needs), Gateway.run(offline, "", "-FP"));
        assertEquals(new Result(1, "", "setkey: -c" + needs), Gateway.run(offline, ADD, "-c"));
        assertEquals(new Result(1, "", "setkey: -f" + needs), Gateway.run(offline, ADD, "-f", "x.conf"));
        assertEquals(new Result(1, "", "setkey: -x" + needs), Gateway.run(offline, "", "-x"));
        assertEquals(new Result(1, "", "setkey: -x" + needs), gw.run("", "-xx"), "-x needs an event source too");
        assertEquals(new Result(0, "", ""), Gateway.run(offline, ADD, "-nc"));
        assertEquals(0, Gateway.run(offline, "", "-h").status());
    }

    @Test
    void inputIsReadAsUtf8() {
        Result r = gw.run("add 10.1.1.1 10.2.2.2 esp 9998 -ctx 1 1 \"étiquette\" -E des-cbc \"hogehoge\";", "-c");
        assertEquals(new Result(0, "", ""), r);
        assertTrue(gw.sadDump().contains("\tsecurity context: étiquette\n\tsadb_seq"),
                new String(gw.sadDump().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
}
