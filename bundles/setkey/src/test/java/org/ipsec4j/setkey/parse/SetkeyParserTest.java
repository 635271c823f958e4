package org.ipsec4j.setkey.parse;

import static org.ipsec4j.setkey.parse.Parsing.fails;
import static org.ipsec4j.setkey.parse.Parsing.one;
import static org.ipsec4j.setkey.parse.Parsing.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ipsec4j.setkey.Position;
import org.ipsec4j.setkey.Statement;
import org.junit.jupiter.api.Test;

/** The statement level: commands, separators, comments, the end of the input. */
class SetkeyParserTest {
    static final String COMMANDS = "add, update, get, delete, deleteall, flush, dump, spdadd, spdupdate, spddelete,"
            + " spdflush or spddump";

    @Test
    void blankInputAndCommentsAreNoStatements() {
        assertEquals(List.of(), parse(""));
        assertEquals(List.of(), parse("  \n\t\r\n"));
        assertEquals(List.of(), parse("# only a comment\n#\n   # another ; add\n"));
    }

    @Test
    void statementsMaySpanLinesAndShareLines() {
        List<Statement> s = parse("spdflush; flush\n;\n\n  spddump\n\n ;dump;");
        assertEquals(4, s.size());
        assertInstanceOf(Statement.SpdFlush.class, s.get(0));
        assertInstanceOf(Statement.Flush.class, s.get(1));
        assertInstanceOf(Statement.SpdDump.class, s.get(2));
        assertInstanceOf(Statement.Dump.class, s.get(3));
        assertEquals(new Position(1, 1), s.get(0).position());
        assertEquals(new Position(1, 11), s.get(1).position());
        assertEquals(new Position(4, 3), s.get(2).position());
        assertEquals(new Position(6, 3), s.get(3).position());
    }

    @Test
    void commentsMayFollowAndInterruptStatements() {
        List<Statement> s = parse("add 10.1.1.1 # source\n 10.2.2.2 esp 0x1000 # spi\n -E null ; # done\n");
        assertEquals(1, s.size());
        assertInstanceOf(Statement.Add.class, s.get(0));
    }

    @Test
    void spdflushAndSpddump() {
        assertEquals(new Position(1, 2), one(" spdflush ;", Statement.SpdFlush.class).position());
        assertEquals(new Position(2, 1), one("\nspddump;", Statement.SpdDump.class).position());
        fails("spdflush", 1, 9, "", "unexpected end of input, expected \";\" after \"spdflush\"");
        fails("spddump esp;", 1, 9, "esp", "expected \";\" after \"spddump\", found \"esp\"");
    }

    @Test
    void exitQuitAndByeEndTheInput() {
        assertEquals(1, parse("flush;\nexit;\nthis is not read").size());
        assertEquals(0, parse("quit ;").size());
        assertEquals(1, parse("spdflush; bye; (**)").size());
        fails("exit", 1, 5, "", "unexpected end of input, expected \";\" after \"exit\"");
    }

    @Test
    void unknownCommand() {
        fails("flush;\n  spdaddd 10.1.1.1 10.2.2.2 any -P out none;", 2, 3, "spdaddd",
                "unknown command \"spdaddd\" (expected " + COMMANDS + ")");
        fails("ADD 10.1.1.1 10.2.2.2 esp 300 -E null;", 1, 1, "ADD",
                "unknown command \"ADD\" (expected " + COMMANDS + ")");
    }

    @Test
    void aStatementCannotStartWithPunctuation() {
        fails(";", 1, 1, ";", "expected a command (" + COMMANDS + "), found \";\"");
        fails("flush;;", 1, 7, ";", "expected a command (" + COMMANDS + "), found \";\"");
        fails("\"add\"", 1, 1, "\"add\"", "expected a command (" + COMMANDS + "), found a quoted string of 3"
                + " characters (not shown: it may be a key)");
    }

    @Test
    void getspiIsRefusedWithAReason() {
        fails("getspi 10.1.1.1 10.2.2.2 esp 0x1000;", 1, 1, "getspi", "getspi is not supported: it makes a larval"
                + " SA for a key exchange daemon to complete; write add with the keys instead");
    }

    @Test
    void aMissingSemicolonBeforeTheNextStatementIsReportedAtThatStatement() {
        fails("add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\"\nadd 10.2.2.2 10.1.1.1 esp 9999"
                + " -E des-cbc \"hogehoge\" ;", 2, 1, "add",
                "expected \";\" after the algorithms, found \"add\"");
    }

    @Test
    void theFirstErrorWins() {
        fails("flush;\nflush bogus;\nspdadd x;", 2, 7, "bogus",
                "unknown protocol \"bogus\" (expected esp, esp-old, esp-udp, ah, ah-old, ipcomp or tcp)");
    }

    @Test
    void nullInputIsAProgrammingError() {
        assertThrows(NullPointerException.class, () -> SetkeyParser.parse(null));
    }

    @Test
    void manyStatementsParseInLinearTime() {
        String stmt = "add 10.1.1.1 10.2.2.2 esp 0x10000 -m tunnel -E aes-cbc 0x00112233445566778899aabbccddeeff"
                + " -A hmac-sha256 \"0123456789abcdef0123456789abcdef\";\n"
                + "spdadd 10.1.0.0/16[any] 10.2.0.0/16[any] tcp -P out prio def + 10 ipsec"
                + " esp/tunnel/10.1.1.1-10.2.2.2/unique:1 ;\n";
        String big = stmt.repeat(20_000);
        long t0 = System.nanoTime();
        List<Statement> s = parse(big);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(40_000, s.size());
        assertEquals(new Position(40_000, 1), s.get(39_999).position());
        assertTrue(ms < 20_000, "parsing 40000 statements took " + ms + " ms");
    }
}
