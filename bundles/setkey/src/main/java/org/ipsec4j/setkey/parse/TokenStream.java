package org.ipsec4j.setkey.parse;

import org.ipsec4j.setkey.Position;
import org.ipsec4j.setkey.SetkeyParseException;
import org.ipsec4j.setkey.parse.SetkeyLexer.Mode;
import org.ipsec4j.setkey.parse.Token.Kind;

/**
 * The parser's view of the tokens: one token of look-ahead in the current lexer mode, and helpers that make
 * {@link SetkeyParseException}s pointing at a token.
 */
final class TokenStream {
    private final SetkeyLexer lexer;
    private Mode mode = Mode.NORMAL;
    private Token peeked;
    private Token last;

    TokenStream(String input) {
        this.lexer = new SetkeyLexer(input);
    }

    /** Switches the lexer mode; a token already looked at is read again in the new mode. */
    void mode(Mode m) {
        if (m != mode) {
            mode = m;
            if (peeked != null) {
                lexer.reset(peeked);
                peeked = null;
            }
        }
    }

    Token peek() throws SetkeyParseException {
        if (peeked == null) {
            peeked = lexer.next(mode);
        }
        return peeked;
    }

    Token next() throws SetkeyParseException {
        Token t = peek();
        peeked = null;
        if (t.kind() != Kind.END) {
            last = t;
        }
        return t;
    }

    /** The token consumed last (null before the first). */
    Token last() {
        return last;
    }

    /** Whether the next token is the word {@code w}. */
    boolean atWord(String w) throws SetkeyParseException {
        return peek().isWord(w);
    }

    boolean at(Kind k) throws SetkeyParseException {
        return peek().kind() == k;
    }

    /** Consumes the next token if it is the word {@code w}. */
    boolean acceptWord(String w) throws SetkeyParseException {
        if (atWord(w)) {
            next();
            return true;
        }
        return false;
    }

    boolean accept(Kind k) throws SetkeyParseException {
        if (at(k)) {
            next();
            return true;
        }
        return false;
    }

    /** The next token, which must be a word; otherwise an error saying {@code what} was expected. */
    Token word(String what) throws SetkeyParseException {
        Token t = peek();
        if (t.kind() != Kind.WORD) {
            throw expected(t, what);
        }
        return next();
    }

    /** Consumes a {@code ;}, or fails with {@code expected ";" after <after>}. */
    Token semicolon(String after) throws SetkeyParseException {
        Token t = peek();
        if (t.kind() != Kind.SEMICOLON) {
            if (t.kind() == Kind.END) {
                throw error(t, "unexpected end of input, expected \";\" after " + after);
            }
            throw error(t, "expected \";\" after " + after + ", found " + t.display());
        }
        return next();
    }

    /** {@code expected <what>, found <t>}, or {@code unexpected end of input, expected <what>}. */
    SetkeyParseException expected(Token t, String what) {
        if (t.kind() == Kind.END) {
            return error(t, "unexpected end of input, expected " + what);
        }
        return error(t, "expected " + what + ", found " + t.display());
    }

    static SetkeyParseException error(Token t, String problem) {
        return new SetkeyParseException(t.line(), t.column(), t.raw(), problem);
    }

    static Position position(Token t) {
        return new Position(t.line(), t.column());
    }
}
