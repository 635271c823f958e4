package org.ipsec4j.setkey.parse;

import org.ipsec4j.setkey.SetkeyParseException;
import org.ipsec4j.setkey.parse.Token.Kind;

/**
 * Splits setkey(8) input into tokens, one at a time, in one of two modes, as ipsec-tools' {@code token.l} and
 * libipsec's {@code policy_token.l} do:
 * <ul>
 * <li>{@link Mode#NORMAL}: words are runs of letters, digits and {@code : % . _ - ,} (so {@code -E},
 * {@code 3des-cbc}, {@code fe80::1%lo0}, {@code 135,0} and {@code 0x3ffe} are single words);</li>
 * <li>{@link Mode#POLICY} (after {@code -P}): words are runs of letters, digits and {@code : % . _}; {@code -} and
 * {@code +} are tokens of their own, so {@code 10.1.1.1-10.2.2.2} is three tokens.</li>
 * </ul>
 * In both modes {@code ;}, {@code /}, {@code [} and {@code ]} stand alone, {@code "..."} is a string (which may span
 * lines), {@code #} starts a comment to the end of the line, and blanks separate tokens. Each call is linear in the
 * characters it consumes; the parser may {@link #reset(Token) reset} to a token to read it again in the other mode.
 */
public final class SetkeyLexer {

    /** How words are formed; see the class comment. */
    public enum Mode { NORMAL, POLICY }

    private static final int MAX_DISPLAY = 48;

    private final String input;
    private int pos;
    private int line = 1;
    private int column = 1;

    public SetkeyLexer(String input) {
        this.input = input;
    }

    /** Moves back (or forward) to the start of {@code t}, which this lexer returned. */
    public void reset(Token t) {
        pos = t.offset();
        line = t.line();
        column = t.column();
    }

    /** The next token in {@code mode}; {@link Kind#END} at the end, again and again. */
    public Token next(Mode mode) throws SetkeyParseException {
        skipBlanksAndComments();
        int start = pos;
        int startLine = line;
        int startColumn = column;
        if (pos >= input.length()) {
            return new Token(Kind.END, "", "", line, column, pos);
        }
        char c = input.charAt(pos);
        Kind single = switch (c) {
            case ';' -> Kind.SEMICOLON;
            case '/' -> Kind.SLASH;
            case '[' -> Kind.LBRACKET;
            case ']' -> Kind.RBRACKET;
            case '-' -> mode == Mode.POLICY ? Kind.HYPHEN : null;
            case '+' -> mode == Mode.POLICY ? Kind.PLUS : null;
            default -> null;
        };
        if (single != null) {
            advance();
            String s = String.valueOf(c);
            return new Token(single, s, s, startLine, startColumn, start);
        }
        if (c == '"') {
            return quoted(start, startLine, startColumn);
        }
        if (isWordChar(c, mode)) {
            while (pos < input.length() && isWordChar(input.charAt(pos), mode)) {
                advance();
            }
            String w = input.substring(start, pos);
            return new Token(Kind.WORD, w, w, startLine, startColumn, start);
        }
        String ch = input.substring(pos, pos + Character.charCount(input.codePointAt(pos)));
        throw new SetkeyParseException(startLine, startColumn, ch, "unexpected character " + quote(ch));
    }

    private Token quoted(int start, int startLine, int startColumn) throws SetkeyParseException {
        advance();
        int close = input.indexOf('"', pos);
        if (close < 0) {
            String rest = input.substring(start);
            throw new SetkeyParseException(startLine, startColumn, rest,
                "unterminated string: no closing \" before the end of input");
        }
        while (pos <= close) {
            advance();
        }
        return new Token(Kind.QUOTED, input.substring(start + 1, close), input.substring(start, close + 1),
                startLine, startColumn, start);
    }

    private void skipBlanksAndComments() {
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                advance();
            } else if (c == '\\' && continuesLine(pos + 1)) {
                // a backslash ending a line, as in files written for a shell here-document: the line goes on
                advance();
            } else if (c == '#') {
                while (pos < input.length() && input.charAt(pos) != '\n') {
                    advance();
                }
            } else {
                return;
            }
        }
    }

    /** Whether only blanks stand between {@code from} and the end of its line (or of the input). */
    private boolean continuesLine(int from) {
        for (int i = from; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c == '\n') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private void advance() {
        if (input.charAt(pos) == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        pos++;
    }

    private static boolean isWordChar(char c, Mode mode) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return switch (c) {
            case ':', '%', '.', '_' -> true;
            case '-', ',' -> mode == Mode.NORMAL;
            default -> false;
        };
    }

    /** {@code s} in double quotes for a message, shortened when long, control characters escaped. */
    static String quote(String s) {
        return '"' + shown(s) + '"';
    }

    /** {@code s} for a message: shortened when long, control characters escaped. */
    static String shown(String s) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(s.length(), MAX_DISPLAY);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > MAX_DISPLAY) {
            sb.append("...");
        }
        return sb.toString();
    }
}
