package org.ipsec4j.setkey.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ipsec4j.setkey.SetkeyParseException;
import org.ipsec4j.setkey.Statement;
import org.ipsec4j.setkey.parse.Token.Kind;

/**
 * The parser of the setkey(8) language of KAME and ipsec-tools (also NetBSD's and FreeBSD's setkey): turns
 * configuration text such as
 * <pre>
 * add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc "hogehoge" ;
 * spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transport//use ;
 * </pre>
 * into {@link Statement}s. Statements end with {@code ;} and may span lines; {@code #} starts a comment. Addresses
 * must be numeric (no name is ever looked up). The first error ends parsing with a {@link SetkeyParseException}
 * that names line, column, the offending token and what was expected; nothing else is ever thrown, whatever the
 * input. Parsing takes time linear in the input.
 *
 * <p>Statements: {@code add}, {@code update}, {@code get}, {@code delete}, {@code deleteall}, {@code flush},
 * {@code dump}, {@code spdadd}, {@code spdupdate}, {@code spddelete}, {@code spdflush}, {@code spddump}, and
 * {@code exit}/{@code quit}/{@code bye}, which end the input as in setkey (what follows is not read).
 * {@link SaStatementParser}, {@link AlgorithmSpecParser}, {@link PolicyStatementParser} and
 * {@link PolicySpecParser} describe the grammar of each.
 */
public final class SetkeyParser {
    static final String COMMANDS = "add, update, get, delete, deleteall, flush, dump, spdadd, spdupdate, spddelete,"
            + " spdflush or spddump";

    private final TokenStream in;

    private SetkeyParser(String input) {
        this.in = new TokenStream(input);
    }

    /**
     * Parses setkey input.
     *
     * @param input the text, e.g. the contents of a {@code setkey -f} file; not null
     * @return the statements in input order; empty for blank input or comments only
     * @throws SetkeyParseException at the first error
     */
    public static List<Statement> parse(String input) throws SetkeyParseException {
        Objects.requireNonNull(input, "input");
        return new SetkeyParser(input).statements();
    }

    private List<Statement> statements() throws SetkeyParseException {
        List<Statement> out = new ArrayList<>();
        SaStatementParser sa = new SaStatementParser(in);
        PolicyStatementParser spd = new PolicyStatementParser(in);
        while (true) {
            Token t = in.peek();
            if (t.is(Kind.END)) {
                return out;
            }
            if (!t.is(Kind.WORD)) {
                throw TokenStream.error(t, "expected a command (" + COMMANDS + "), found " + t.display());
            }
            in.next();
            switch (t.text()) {
                case "add", "update" -> out.add(sa.addOrUpdate(t));
                case "get", "delete" -> out.add(sa.getOrDelete(t));
                case "deleteall" -> out.add(sa.deleteAll(t));
                case "flush", "dump" -> out.add(sa.flushOrDump(t));
                case "spdadd", "spdupdate", "spddelete" -> out.add(spd.parse(t));
                case "spdflush" -> {
                    in.semicolon("\"spdflush\"");
                    out.add(new Statement.SpdFlush(TokenStream.position(t)));
                }
                case "spddump" -> {
                    in.semicolon("\"spddump\"");
                    out.add(new Statement.SpdDump(TokenStream.position(t)));
                }
                case "exit", "quit", "bye" -> {
                    in.semicolon(t.display());
                    return out;
                }
                case "getspi" -> throw TokenStream.error(t, "getspi is not supported: it makes a larval SA for a"
                        + " key exchange daemon to complete; write add with the keys instead");
                default -> throw TokenStream.error(t, "unknown command " + t.display() + " (expected " + COMMANDS
                        + ")");
            }
        }
    }
}
