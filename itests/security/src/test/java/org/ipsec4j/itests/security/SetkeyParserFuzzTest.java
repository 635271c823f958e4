package org.ipsec4j.itests.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ipsec4j.setkey.SetkeyParseException;
import org.ipsec4j.setkey.Statement;
import org.ipsec4j.setkey.parse.SetkeyParser;
import org.ipsec4j.setkey.print.StatementPrinter;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target: the setkey lexer and parser ({@link SetkeyParser#parse}). Any text gives statements or a
 * {@link SetkeyParseException} with a position inside the text, never another exception, within the time bound. What
 * parses is printed back in canonical form ({@link StatementPrinter#print}), and that text parses again to the same
 * canonical form; the one-line description of a statement (used in messages) never shows a key.
 *
 * <p>Seeds: {@code src/test/resources/.../SetkeyParserFuzzTestInputs/parse/}: the KAME guide's statements and
 * ipsec4j's extensions, as UTF-8 text.
 */
class SetkeyParserFuzzTest {

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void parse(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        List<Statement> statements;
        try {
            statements = SetkeyParser.parse(text);
        } catch (SetkeyParseException e) {
            assertTrue(e.line() >= 1 && e.column() >= 1, e::getMessage);
            assertTrue(e.line() <= text.split("\n", -1).length, e::getMessage);
            assertNotNull(e.problem());
            return;
        }
        for (Statement s : statements) {
            String printed = StatementPrinter.print(s);
            List<Statement> again;
            try {
                again = SetkeyParser.parse(printed);
            } catch (SetkeyParseException e) {
                throw new AssertionError("the canonical form of a parsed statement does not parse: " + printed, e);
            }
            assertEquals(1, again.size(), printed);
            assertEquals(printed, StatementPrinter.print(again.get(0)), "canonical form is stable");
            String described = StatementPrinter.describe(s);
            if (s instanceof Statement.Add a) {
                assertNoKey(described, a.sa());
            } else if (s instanceof Statement.Update u) {
                assertNoKey(described, u.sa());
            }
        }
    }

    private static void assertNoKey(String described, org.ipsec4j.api.sa.SecurityAssociation sa) {
        for (var k : new java.util.ArrayList<>(List.of(sa.encryption(), sa.authentication()))) {
            k.ifPresent(key -> {
                byte[] raw = key.key();
                if (raw.length >= 4) {
                    assertFalse(described.toLowerCase().contains(Packets.hex(raw)), "a key in " + described);
                }
            });
        }
    }
}
