package org.ipsec4j.setkey.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ipsec4j.setkey.command.Gateway.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch applies whole or not at all: parse errors and semantic errors anywhere change nothing. */
class AllOrNothingTest {
    private static final String SA_X = "add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n";
    private static final String SA_Y = "add 10.2.2.2 10.1.1.1 esp 9999 -E des-cbc \"hogehoge\" ;\n";
    private static final String POLICY = "spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transport//use;\n";

    private final Gateway gw = new Gateway();

    @TempDir
    Path dir;

    private void assertUnchanged(String sad, String spd) {
        assertEquals(sad, gw.sadDump());
        assertEquals(spd, gw.spdDump());
    }

    @Test
    void aFileWithAnErrorOnItsLastLineChangesNothing() throws IOException {
        assertEquals(0, gw.run(SA_X + POLICY, "-c").status());
        String sad = gw.sadDump();
        String spd = gw.spdDump();
        Path file = dir.resolve("new.conf");
        String text = "flush;\nspdflush;\n" + SA_Y
                + "spdadd 10.2.2.2 10.1.1.1 any -P in ipsec esp/transport//use;\n"
                + "add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbcx \"hogehoge\" ;\n";
        Files.writeString(file, text);
        Result r = gw.run("", "-f", file.toString());
        assertEquals(new Result(1, "", "setkey: " + file + ": line 5, column 35: unknown encryption algorithm"
                + " \"des-cbcx\" (known: des-cbc, 3des-cbc, null, blowfish-cbc, cast128-cbc, des-deriv, des-32iv,"
                + " aes-cbc, twofish-cbc, aes-ctr, camellia-cbc, aes-gcm-16, aes-gcm-12, aes-gcm-8, aes-gmac,"
                + " chacha20-poly1305)\n"), r);
        assertUnchanged(sad, spd);
    }

    @Test
    void theBriefsErrorLineThroughStandardInput() {
        Result r = gw.run(SA_X + SA_Y + "add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbcx \"hogehoge\" ;\n", "-c");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("setkey: line 3, column 35: unknown encryption algorithm \"des-cbcx\" (known: "),
                r.err());
        assertUnchanged("No SAD entries.\n", "No SPD entries.\n");
    }

    @Test
    void aSemanticErrorMidBatchChangesNothing() {
        assertEquals(0, gw.run(SA_X, "-c").status());
        String sad = gw.sadDump();
        Result r = gw.run(POLICY + SA_Y + "   " + SA_X + "spdflush;\n", "-c");
        assertEquals(new Result(1, "", "setkey: line 3, column 4: add 10.1.1.1 10.2.2.2 esp 9998: SA already exists\n"),
                r);
        assertUnchanged(sad, "No SPD entries.\n");
    }

    @Test
    void eachStatementSeesTheOnesBeforeIt() {
        assertEquals(new Result(0, "", ""), gw.run(SA_X + "delete 10.1.1.1 10.2.2.2 esp 9998;\n" + SA_X, "-c"));
        assertEquals(1, gw.sadDump().lines().filter(l -> l.startsWith("\tsadb_seq=")).count());
        assertEquals(new Result(0, "", ""), gw.run("flush;\n" + SA_X + POLICY
                + "spddelete 10.1.1.1 10.2.2.2 any -P out;\n" + POLICY, "-c"));
        assertTrue(gw.spdDump().startsWith("10.1.1.1[any] 10.2.2.2[any] any\n\tout ipsec\n"));
        Result r = gw.run("deleteall 10.1.1.1 10.2.2.2 esp;\ndelete 10.1.1.1 10.2.2.2 esp 9998;\n", "-c");
        assertEquals(new Result(1, "", "setkey: line 2, column 1: delete 10.1.1.1 10.2.2.2 esp 9998: no such SA\n"),
                r);
        assertTrue(gw.sadDump().contains("spi=9998"), "deleteall was not applied either");
    }

    @Test
    void everySemanticErrorWithItsText() {
        assertEquals(0, gw.run(SA_X + POLICY, "-c").status());
        String sad = gw.sadDump();
        String spd = gw.spdDump();
        String[][] cases = {
                {"delete 10.2.2.2 10.1.1.1 esp 9999;", "delete 10.2.2.2 10.1.1.1 esp 9999: no such SA"},
                {"get 10.2.2.2 10.1.1.1 esp 9999;", "get 10.2.2.2 10.1.1.1 esp 9999: no such SA"},
                {"delete 10.9.9.9 10.2.2.2 esp 9998;", "delete 10.9.9.9 10.2.2.2 esp 9998: no such SA"
                        + " (this SPI belongs to an SA from 10.1.1.1)"},
                {"update 10.2.2.2 10.1.1.1 esp 9999 -E des-cbc \"hogehoge\";",
                        "update 10.2.2.2 10.1.1.1 esp 9999: no such SA"},
                {"add 10.1.1.1 10.2.2.2 esp-udp 9998 -E des-cbc \"hogehoge\";",
                        "add 10.1.1.1 10.2.2.2 esp-udp 9998: SA already exists (as esp with this SPI)"},
                {POLICY.strip(), "spdadd 10.1.1.1 10.2.2.2 any -P out: policy already exists"},
                {"spddelete 10.1.1.1 10.2.2.2 any -P in;", "spddelete 10.1.1.1 10.2.2.2 any -P in: no such policy"},
                {"spdupdate 10.1.1.1 10.2.2.2 tcp -P out none;",
                        "spdupdate 10.1.1.1 10.2.2.2 tcp -P out: no such policy"},
                {"flush esp; get 10.1.1.1 10.2.2.2 esp 9998;", "get 10.1.1.1 10.2.2.2 esp 9998: no such SA"},
                {"spdflush; spdupdate 10.1.1.1 10.2.2.2 any -P out none;",
                        "spdupdate 10.1.1.1 10.2.2.2 any -P out: no such policy"},
        };
        for (String[] c : cases) {
            String column = c[0].startsWith("flush") ? "12" : c[0].startsWith("spdflush") ? "11" : "1";
            assertEquals(new Result(1, "", "setkey: line 1, column " + column + ": " + c[1] + "\n"),
                    gw.run(c[0] + "\n", "-c"), c[0]);
            assertUnchanged(sad, spd);
        }
    }

    @Test
    void updateAndDeleteOfExistingEntriesWork() {
        assertEquals(0, gw.run(SA_X + POLICY, "-c").status());
        assertEquals(new Result(0, "", ""), gw.run("update 10.1.1.1 10.2.2.2 esp 9998 -m tunnel -E des-cbc"
                + " 0x0102030405060708;\nspdupdate 10.1.1.1 10.2.2.2 any -P out discard;\n", "-c"));
        assertTrue(gw.sadDump().contains("\tesp mode=tunnel spi=9998(0x0000270e) reqid=0(0x00000000)\n"
                + "\tE: des-cbc  01020304 05060708\n"), gw.sadDump());
        assertTrue(gw.spdDump().contains("\tout discard\n"));
        assertEquals(new Result(0, "", ""), gw.run("delete 10.1.1.1 10.2.2.2 esp 9998;\n"
                + "spddelete 10.1.1.1 10.2.2.2 any -P out;\n", "-c"));
        assertUnchanged("No SAD entries.\n", "No SPD entries.\n");
    }

    @Test
    void getDumpAndSpddumpPrintAtTheirPlaceInTheBatch() {
        gw.clock.advanceSeconds(1);
        Result r = gw.run("dump;\n" + SA_X + "get 10.1.1.1 10.2.2.2 esp 9998;\n" + SA_Y + "dump ah;\n"
                + "spddump;\n" + POLICY + "spddump;\n", "-c");
        assertEquals(0, r.status(), r.err());
        String x = gw.run("", "-D").out().split("10.2.2.2 10.1.1.1 \n")[0];
        String expected = "No SAD entries.\n" + x + "No SAD entries.\nNo SPD entries.\n" + gw.spdDump();
        assertEquals(expected, r.out());
        assertTrue(x.startsWith("10.1.1.1 10.2.2.2 \n\tesp mode=any spi=9998"), x);
        Result dumpEsp = gw.run("dump esp;", "-c");
        assertEquals(gw.sadDump(), dumpEsp.out());
    }

    @Test
    void dryRunChecksAgainstTheDatabasesAndChangesNothing() {
        assertEquals(0, gw.run(SA_X, "-c").status());
        String sad = gw.sadDump();
        assertEquals(new Result(0, "", ""), gw.run(SA_Y + POLICY, "-nc"));
        assertUnchanged(sad, "No SPD entries.\n");
        assertEquals(new Result(1, "", "setkey: line 1, column 1: add 10.1.1.1 10.2.2.2 esp 9998: SA already exists\n"),
                gw.run(SA_X, "-n", "-c"));
        assertEquals(new Result(0, "line 1: add 10.2.2.2 10.1.1.1 esp 9999 (checked)\n"
                + "line 2: get 10.1.1.1 10.2.2.2 esp 9998 (checked)\n", ""),
                gw.run(SA_Y + "get 10.1.1.1 10.2.2.2 esp 9998;", "-nvc"));
        assertUnchanged(sad, "No SPD entries.\n");
    }

    @Test
    void dryRunOfflineKnowsOnlyWhatTheBatchEstablishes() {
        SetkeyCommand offline = new SetkeyCommand(null, null, gw.clock, 1);
        assertEquals(0, Gateway.run(offline, "delete 10.1.1.1 10.2.2.2 esp 9998;\n"
                + "spddelete 10.1.1.1 10.2.2.2 any -P out;\n" + SA_X + POLICY, "-nc").status());
        assertEquals("setkey: line 2, column 1: add 10.1.1.1 10.2.2.2 esp 9998: SA already exists\n",
                Gateway.run(offline, SA_X + SA_X, "-nc").err());
        assertEquals("setkey: line 2, column 1: delete 10.1.1.1 10.2.2.2 esp 9998: no such SA\n",
                Gateway.run(offline, "flush;\ndelete 10.1.1.1 10.2.2.2 esp 9998;", "-nc").err());
        assertEquals("setkey: line 2, column 1: get 10.1.1.1 10.2.2.2 esp 9998: no such SA\n",
                Gateway.run(offline, "flush esp;\nget 10.1.1.1 10.2.2.2 esp 9998;", "-nc").err());
        assertEquals(0, Gateway.run(offline, "flush ah;\nget 10.1.1.1 10.2.2.2 esp 9998;", "-nc").status());
        assertEquals("setkey: line 2, column 1: delete 10.1.1.1 10.2.2.2 esp 9998: no such SA\n",
                Gateway.run(offline, "deleteall 10.1.1.1 10.2.2.2 esp;\ndelete 10.1.1.1 10.2.2.2 esp 9998;", "-nc")
                        .err());
        assertEquals("setkey: line 2, column 1: spddelete 10.1.1.1 10.2.2.2 any -P out: no such policy\n",
                Gateway.run(offline, "spdflush;\nspddelete 10.1.1.1 10.2.2.2 any -P out;", "-nc").err());
        assertEquals("setkey: line 3, column 1: spdupdate 10.1.1.1 10.2.2.2 any -P out: no such policy\n",
                Gateway.run(offline, POLICY + "spddelete 10.1.1.1 10.2.2.2 any -P out;\n"
                        + "spdupdate 10.1.1.1 10.2.2.2 any -P out none;", "-nc").err());
    }

    @Test
    void aLongBatchWithItsErrorAtTheEndAppliesNothing() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append("add 10.0.").append(i / 250).append('.').append(i % 250 + 1).append(" 10.255.0.1 esp ")
                    .append(1000 + i).append(" -E aes-cbc 0x00112233445566778899aabbccddeeff;\n");
            sb.append("spdadd 10.0.").append(i / 250).append('.').append(i % 250 + 1)
                    .append(" 10.255.0.1 any -P out ipsec esp/transport//require;\n");
        }
        sb.append("delete 10.0.0.1 10.255.0.1 esp 999;\n");
        Result r = gw.run(sb.toString(), "-c");
        assertEquals(new Result(1, "", "setkey: line 4001, column 1: delete 10.0.0.1 10.255.0.1 esp 999: no such SA\n"),
                r);
        assertUnchanged("No SAD entries.\n", "No SPD entries.\n");
        assertEquals(0, gw.run(sb.substring(0, sb.lastIndexOf("delete")), "-c").status());
        assertEquals(2000, gw.sad.dump().size());
        assertEquals(2000, gw.spd.dump().size());
    }

    @Test
    void concurrentRunsAreSerialized() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Result>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<Result> task = () -> gw.run(SA_X + SA_Y + POLICY, "-c");
                runs.add(pool.submit(task));
            }
            int ok = 0;
            for (Future<Result> f : runs) {
                Result r = f.get();
                if (r.status() == 0) {
                    ok++;
                } else {
                    assertEquals("setkey: line 1, column 1: add 10.1.1.1 10.2.2.2 esp 9998: SA already exists\n",
                            r.err());
                }
            }
            assertEquals(1, ok);
            assertEquals(2, gw.sad.dump().size());
            assertEquals(1, gw.spd.dump().size());
        } finally {
            pool.shutdownNow();
        }
    }
}
