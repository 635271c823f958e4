package org.ipsec4j.setkey.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.setkey.SetkeyParseException;
import org.ipsec4j.setkey.Statement;

/** Helpers shared by the parser tests. */
final class Parsing {
    private Parsing() {
    }

    static List<Statement> parse(String input) {
        try {
            return SetkeyParser.parse(input);
        } catch (SetkeyParseException e) {
            return fail("unexpected parse error: " + e.getMessage(), e);
        }
    }

    static <T extends Statement> T one(String input, Class<T> type) {
        List<Statement> all = parse(input);
        assertEquals(1, all.size(), "statements in " + input);
        return assertInstanceOf(type, all.get(0));
    }

    /** The SA of a single {@code add}. */
    static SecurityAssociation sa(String input) {
        return one(input, Statement.Add.class).sa();
    }

    /** The policy of a single {@code spdadd}. */
    static SecurityPolicy policy(String input) {
        return one(input, Statement.SpdAdd.class).policy();
    }

    static SetkeyParseException error(String input) {
        return assertThrows(SetkeyParseException.class, () -> SetkeyParser.parse(input));
    }

    /** Asserts that {@code input} fails exactly so. */
    static void fails(String input, int line, int column, String token, String problem) {
        SetkeyParseException e = error(input);
        assertEquals(problem, e.problem(), "problem");
        assertEquals(line, e.line(), "line");
        assertEquals(column, e.column(), "column");
        assertEquals(token, e.token(), "token");
        assertEquals("line " + line + ", column " + column + ": " + problem, e.getMessage());
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
