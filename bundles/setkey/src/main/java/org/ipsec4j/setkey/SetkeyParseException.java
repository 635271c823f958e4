package org.ipsec4j.setkey;

/**
 * A syntax or semantic error in setkey input, with where it is, the offending token and what was expected. The
 * message reads like {@code line 3, column 35: unknown encryption algorithm "des-cbcx" (known: des-cbc, ...)}.
 */
public class SetkeyParseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String token;
    private final String problem;

    /**
     * @param line    line of the offending token, from 1
     * @param column  column of the offending token, from 1
     * @param token   the offending token as written (empty at end of input)
     * @param problem what is wrong and what was expected, e.g. {@code unknown encryption algorithm "des-cbcx"
     *                (known: des-cbc, 3des-cbc, ...)}
     */
    public SetkeyParseException(int line, int column, String token, String problem) {
        super("line " + line + ", column " + column + ": " + problem);
        this.line = line;
        this.column = column;
        this.token = token;
        this.problem = problem;
    }

    public int line() { return line; }
    public int column() { return column; }
    public String token() { return token; }
    public String problem() { return problem; }
}
