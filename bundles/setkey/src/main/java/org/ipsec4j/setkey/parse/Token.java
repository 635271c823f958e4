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

    /**
     * The token as a message shows it: quoted, shortened when long, {@code end of input} at the end. A token that may
     * be key material is described, never shown, since errors reach logs: a quoted string, or a {@code 0x} word of
     * more than 8 hex digits (longer than any SPI).
     */
    public String display() {
        if (kind == Kind.END) {
            return "end of input";
        }
        if (kind == Kind.QUOTED) {
            return "a quoted string of " + text.length() + (text.length() == 1 ? " character" : " characters")
                    + " (not shown: it may be a key)";
        }
        if (mayBeHexKey()) {
            return "a hex string of " + (raw.length() - 2) + " characters (not shown: it may be a key)";
        }
        return SetkeyLexer.quote(raw);
    }

    /** The token quoted as written, for where it cannot be a key (an SPI, a number). */
    public String quoted() {
        return SetkeyLexer.quote(raw);
    }

    /** Whether this is a {@code 0x} word longer than an SPI, as a key is. */
    private boolean mayBeHexKey() {
        return kind == Kind.WORD && raw.length() > 10 && raw.charAt(0) == '0'
                && (raw.charAt(1) == 'x' || raw.charAt(1) == 'X');
    }
}
