package org.ipsec4j.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.ipsec4j.api.setkey.SetkeyService;
import org.junit.jupiter.api.Test;

class SetkeyShellTest {
    private static final Path CWD = Path.of("/home/admin");

    /** Records one call and answers with a fixed status and texts. */
    private static final class FakeSetkey implements SetkeyService {
        final int status;
        final String outText;
        final String errText;
        List<String> args;
        byte[] input;
        int calls;

        FakeSetkey(int status, String outText, String errText) {
            this.status = status;
            this.outText = outText;
            this.errText = errText;
        }

        @Override
        public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
            calls++;
            this.args = List.copyOf(args);
            try {
                this.input = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.print(outText);
            err.print(errText);
            return status;
        }
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private SetkeyShell.Outcome run(FakeSetkey fake, String stdin, String... words) {
        return new SetkeyShell(fake).run(List.of(words), CWD,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void dumpFlagsPassThroughAndOutputReachesTheShell() {
        FakeSetkey fake = new FakeSetkey(0, "No SAD entries.\n", "");
        SetkeyShell.Outcome outcome = run(fake, "", "-D");
        assertEquals(List.of("-D"), fake.args);
        assertEquals("No SAD entries.\n", out.toString(StandardCharsets.UTF_8));
        assertTrue(outcome.succeeded());
        assertEquals("", outcome.errorText());
    }

    @Test
    void combinedAndSeparateFlagsAreKeptAsGiven() {
        FakeSetkey fake = new FakeSetkey(0, "", "");
        run(fake, "", "-DP");
        assertEquals(List.of("-DP"), fake.args);
        run(fake, "", "-D", "-a");
        assertEquals(List.of("-D", "-a"), fake.args);
        run(fake, "", "-F", "-P");
        assertEquals(List.of("-F", "-P"), fake.args);
    }

    @Test
    void minusCReadsThePipe() {
        FakeSetkey fake = new FakeSetkey(0, "", "");
        String piped = "add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n";
        run(fake, piped, "-c");
        assertEquals(List.of("-c"), fake.args);
        assertEquals(piped, utf8(fake.input));
    }

    @Test
    void statementsAsArgumentsBecomeMinusCInputAndThePipeIsNotRead() {
        FakeSetkey fake = new FakeSetkey(0, "", "");
        run(fake, "flush ;", "add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ;");
        assertEquals(List.of("-c"), fake.args);
        assertEquals("add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n", utf8(fake.input));
    }

    @Test
    void statementWordsAreJoinedWithSpacesAndFlagsBeforeThemStay() {
        FakeSetkey fake = new FakeSetkey(0, "", "");
        run(fake, "", "-v", "spdadd", "10.1.1.1", "10.2.2.2", "any", "-P", "out", "ipsec", "esp/transport//use;");
        assertEquals(List.of("-v", "-c"), fake.args);
        assertEquals("spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transport//use;\n", utf8(fake.input));
    }

    @Test
    void checkOnlyWithStatementsKeepsMinusN() {
        FakeSetkey fake = new FakeSetkey(0, "", "");
        run(fake, "", "-n", "flush;");
        assertEquals(List.of("-n", "-c"), fake.args);
        assertEquals("flush;\n", utf8(fake.input));
    }

    @Test
    void explicitMinusCWithStatementsIsNotDoubled() {
        FakeSetkey fake = new FakeSetkey(0, "", "");
        run(fake, "", "-vc", "flush;");
        assertEquals(List.of("-vc"), fake.args);
        assertEquals("flush;\n", utf8(fake.input));
    }

    @Test
    void doubleDashEndsTheFlags() {
        FakeSetkey fake = new FakeSetkey(0, "", "");
        run(fake, "", "--", "-weird;");
        assertEquals(List.of("-c"), fake.args);
        assertEquals("-weird;\n", utf8(fake.input));
    }

    @Test
    void relativeFileIsResolvedAgainstTheShellDirectory() {
        FakeSetkey fake = new FakeSetkey(0, "", "");
        run(fake, "", "-f", "ipsec.conf");
        assertEquals(List.of("-f", "/home/admin/ipsec.conf"), fake.args);
        run(fake, "", "-nf", "sub/x.conf");
        assertEquals(List.of("-n", "-f", "/home/admin/sub/x.conf"), fake.args);
        run(fake, "", "-f/etc/setkey.conf");
        assertEquals(List.of("-f", "/etc/setkey.conf"), fake.args);
    }

    @Test
    void missingFileNameIsLeftToSetkeyToReport() {
        FakeSetkey fake = new FakeSetkey(1, "", "setkey: option requires an argument -- f\n");
        SetkeyShell.Outcome outcome = run(fake, "", "-f");
        assertEquals(List.of("-f"), fake.args);
        assertEquals(1, outcome.status());
    }

    @Test
    void statementsWithMinusFAreRefusedWithoutCallingSetkey() {
        FakeSetkey fake = new FakeSetkey(0, "", "");
        SetkeyShell.Outcome outcome = run(fake, "", "-f", "a.conf", "flush;");
        assertEquals(0, fake.calls);
        assertEquals(1, outcome.status());
        assertEquals("setkey: statements given as arguments cannot be combined with -f", outcome.errorText());
        assertEquals("setkey: statements given as arguments cannot be combined with -f\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void failureKeepsTheErrorTextAndPrintsIt() {
        String error = "setkey: line 2: unknown algorithm \"des-cbd\"\n";
        FakeSetkey fake = new FakeSetkey(1, "", error);
        SetkeyShell.Outcome outcome = run(fake, "", "-c");
        assertFalse(outcome.succeeded());
        assertEquals(1, outcome.status());
        assertEquals("setkey: line 2: unknown algorithm \"des-cbd\"", outcome.errorText());
        assertEquals(error, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void longErrorTextIsPrintedInFullButKeptOnlyInPart() {
        String error = "e".repeat(SetkeyShell.MAX_ERROR_TEXT * 2);
        FakeSetkey fake = new FakeSetkey(1, "", error);
        SetkeyShell.Outcome outcome = run(fake, "", "-c");
        assertEquals(SetkeyShell.MAX_ERROR_TEXT, outcome.errorText().length());
        assertEquals(error, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noArgumentsReachSetkeyAsNone() {
        FakeSetkey fake = new FakeSetkey(1, "", "usage: setkey ...\n");
        run(fake, "", new String[0]);
        assertEquals(List.of(), fake.args);
        assertArrayEquals(new byte[0], fake.input);
    }

    @Test
    void failedExceptionCarriesTheErrorTextOrTheStatus() {
        assertEquals("setkey: line 1: bad", new SetkeyFailedException(1, "setkey: line 1: bad").getMessage());
        assertEquals("setkey failed with exit status 1", new SetkeyFailedException(1, "").getMessage());
        assertEquals(2, new SetkeyFailedException(2, null).status());
        assertNull(new SetkeyFailedException(1, "x").getCause());
    }
}
