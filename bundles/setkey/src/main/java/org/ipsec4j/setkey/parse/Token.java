package org.ipsec4j.setkey.parse;

/**
 * One token of setkey input.
 *
 * @param kind   what it is
 * @param text   the word as written; the content between the quotes for {@link Kind#QUOTED}; empty at the end
 * @param raw    the token exactly as written, quotes included
 * @param line   line of its first character, from 1
 * @param column column of its first character, from 1
 * @param offset index of its first character in the input
 */
public record Token(Kind kind, String text, String raw, int line, int column, int offset) {

    /** The kinds of tokens. */
    public enum Kind {
        /** A run of word characters: a keyword, option, address, number, algorithm name or hex key. */
        WORD,
        /** A double-quoted string, possibly spanning lines. */
        QUOTED,
        SEMICOLON,
        SLASH,
        LBRACKET,
        RBRACKET,
        /** {@code -}, only in policy mode (in normal mode a hyphen belongs to the word). */
        HYPHEN,
        /** {@code +}, only in policy mode. */
        PLUS,
        /** The end of the input. */
        END
    }

    public boolean is(Kind k) {
        return kind == k;
    }

    /** Whether this is the word {@code w}. */
    public boolean isWord(String w) {
        return kind == Kind.WORD && text.equals(w);
    }

    /** The token as a message shows it: quoted, shortened when long, {@code end of input} at the end. */
    public String display() {
        if (kind == Kind.END) {
            return "end of input";
        }
        return kind == Kind.QUOTED ? SetkeyLexer.shown(raw) : SetkeyLexer.quote(raw);
    }
}
