package org.ipsec4j.setkey.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.ipsec4j.setkey.SetkeyParseException;
import org.ipsec4j.setkey.parse.SetkeyLexer.Mode;
import org.ipsec4j.setkey.parse.Token.Kind;
import org.junit.jupiter.api.Test;

class SetkeyLexerTest {

    private static List<Token> all(String input, Mode mode) throws SetkeyParseException {
        SetkeyLexer lx = new SetkeyLexer(input);
        List<Token> out = new ArrayList<>();
        Token t;
        do {
            t = lx.next(mode);
            out.add(t);
        } while (!t.is(Kind.END));
        return out;
    }

    private static String kinds(List<Token> ts) {
        StringBuilder sb = new StringBuilder();
        for (Token t : ts) {
            sb.append(t.kind()).append(t.is(Kind.WORD) || t.is(Kind.QUOTED) ? "(" + t.text() + ")" : "").append(' ');
        }
        return sb.toString().trim();
    }

    @Test
    void wordsKeepHyphensCommasColonsAndPercentInNormalMode() throws Exception {
        assertEquals("WORD(add) WORD(-6) WORD(fe80::1%lo0) WORD(3des-cbc) WORD(135,0) WORD(0x3ffe) SEMICOLON END",
                kinds(all("add -6 fe80::1%lo0 3des-cbc 135,0 0x3ffe;", Mode.NORMAL)));
    }

    @Test
    void slashBracketsAndSemicolonStandAlone() throws Exception {
        assertEquals("WORD(10.0.0.0) SLASH WORD(8) LBRACKET WORD(any) RBRACKET WORD(::) SLASH WORD(0) SEMICOLON END",
                kinds(all("10.0.0.0/8[any] ::/0;", Mode.NORMAL)));
    }

    @Test
    void policyModeSplitsHyphenAndPlus() throws Exception {
        assertEquals("WORD(out) WORD(prio) WORD(def) PLUS WORD(5) WORD(ipsec) WORD(esp) SLASH WORD(tunnel) SLASH"
                + " WORD(10.1.1.1) LBRACKET WORD(4500) RBRACKET HYPHEN WORD(10.2.2.2) SLASH WORD(unique:3) SEMICOLON END",
                kinds(all("out prio def+5 ipsec esp/tunnel/10.1.1.1[4500]-10.2.2.2/unique:3;", Mode.POLICY)));
    }

    @Test
    void plusIsAnErrorInNormalMode() {
        SetkeyParseException e = assertThrows(SetkeyParseException.class, () -> all("a +", Mode.NORMAL));
        assertEquals("line 1, column 3: unexpected character \"+\"", e.getMessage());
        assertEquals("+", e.token());
    }

    @Test
    void quotedStringsKeepEverythingAndMaySpanLines() throws Exception {
        List<Token> ts = all("x \"a b#;\nc\" y", Mode.NORMAL);
        assertEquals(Kind.QUOTED, ts.get(1).kind());
        assertEquals("a b#;\nc", ts.get(1).text());
        assertEquals("\"a b#;\nc\"", ts.get(1).raw());
        assertEquals(1, ts.get(1).line());
        assertEquals(3, ts.get(1).column());
        assertEquals(2, ts.get(2).line());
        assertEquals(4, ts.get(2).column());
    }

    @Test
    void emptyQuotedString() throws Exception {
        Token t = all("\"\"", Mode.NORMAL).get(0);
        assertEquals(Kind.QUOTED, t.kind());
        assertEquals("", t.text());
    }

    @Test
    void unterminatedStringPointsAtItsQuote() {
        SetkeyParseException e = assertThrows(SetkeyParseException.class,
                () -> all("add\n  -E des-cbc \"hoge ;\n", Mode.NORMAL));
        assertEquals(2, e.line());
        assertEquals(14, e.column());
        assertEquals("unterminated string: no closing \" before the end of input", e.problem());
        assertEquals("\"hoge ;\n", e.token());
    }

    @Test
    void commentsRunToTheEndOfTheLine() throws Exception {
        List<Token> ts = all("# head\nflush; # dump;\n  #\nspddump ;#", Mode.NORMAL);
        assertEquals("WORD(flush) SEMICOLON WORD(spddump) SEMICOLON END", kinds(ts));
        assertEquals(4, ts.get(2).line());
        assertEquals(1, ts.get(2).column());
    }

    @Test
    void linesAndColumnsCountFromOneAndTabsCountOne() throws Exception {
        List<Token> ts = all("a\n\tbb  c\r\nd", Mode.NORMAL);
        assertEquals(List.of(1, 2, 2, 3), ts.subList(0, 4).stream().map(Token::line).toList());
        assertEquals(List.of(1, 2, 6, 1), ts.subList(0, 4).stream().map(Token::column).toList());
    }

    @Test
    void endRepeatsAndCarriesTheFinalPosition() throws Exception {
        SetkeyLexer lx = new SetkeyLexer("ab\n c");
        lx.next(Mode.NORMAL);
        lx.next(Mode.NORMAL);
        Token end = lx.next(Mode.NORMAL);
        assertEquals(Kind.END, end.kind());
        assertEquals(2, end.line());
        assertEquals(3, end.column());
        assertEquals("", end.raw());
        assertEquals(Kind.END, lx.next(Mode.POLICY).kind());
        assertEquals("end of input", end.display());
    }

    @Test
    void unexpectedCharactersAreShownEscaped() {
        SetkeyParseException e = assertThrows(SetkeyParseException.class, () -> all("a\u0001", Mode.NORMAL));
        assertEquals("line 1, column 2: unexpected character \"\\x01\"", e.getMessage());
        e = assertThrows(SetkeyParseException.class, () -> all("x (**)", Mode.NORMAL));
        assertEquals("line 1, column 3: unexpected character \"(\"", e.getMessage());
        e = assertThrows(SetkeyParseException.class, () -> all("\uD83D\uDE00", Mode.NORMAL));
        assertEquals("\uD83D\uDE00", e.token());
    }

    @Test
    void resetReadsATokenAgainInTheOtherMode() throws Exception {
        SetkeyLexer lx = new SetkeyLexer("  10.1.1.1-10.2.2.2");
        Token t = lx.next(Mode.NORMAL);
        assertEquals("10.1.1.1-10.2.2.2", t.text());
        lx.reset(t);
        Token p = lx.next(Mode.POLICY);
        assertEquals("10.1.1.1", p.text());
        assertEquals(3, p.column());
        assertEquals(Kind.HYPHEN, lx.next(Mode.POLICY).kind());
    }

    @Test
    void longTokensAreShortenedInMessages() {
        String w = "x".repeat(100);
        assertEquals("\"" + "x".repeat(48) + "...\"", SetkeyLexer.quote(w));
    }
}
