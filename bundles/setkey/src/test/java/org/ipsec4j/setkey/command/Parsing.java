package org.ipsec4j.setkey.command;

import org.ipsec4j.setkey.SetkeyParseException;
import org.ipsec4j.setkey.parse.SetkeyParser;

/** The parser's own message for bad input, so tests can check exactly what setkey makes of it. */
final class Parsing {
    private Parsing() {
    }

    /** The message of the parse error of {@code text}, e.g. {@code line 2, column 43: ...}. */
    static String errorOf(String text) {
        try {
            SetkeyParser.parse(text);
        } catch (SetkeyParseException e) {
            return e.getMessage();
        }
        throw new AssertionError("parses without error: " + text);
    }
}
