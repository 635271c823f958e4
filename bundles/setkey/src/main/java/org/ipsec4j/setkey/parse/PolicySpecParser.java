package org.ipsec4j.setkey.parse;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ipsec4j.api.policy.Direction;
import org.ipsec4j.api.policy.IpsecRequest;
import org.ipsec4j.api.policy.Level;
import org.ipsec4j.api.policy.PolicyAction;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.setkey.SetkeyParseException;
import org.ipsec4j.setkey.parse.Token.Kind;

/**
 * Reads the policy after {@code -P} (in {@link SetkeyLexer.Mode#POLICY policy mode}), as libipsec's
 * {@code ipsec_set_policy(3)} grammar defines it:
 * <pre>
 * direction [priority] action [rule ...]
 *   direction: in | out | fwd
 *   priority:  (prio | priority) ( N | -N | (low | def | high) [(+ | -) N] )
 *   action:    discard | none | ipsec | entrust | bypass
 *   rule:      protocol/mode[/[src[port]-dst[port] | me-any | any-me][/[level]]]     (ipsec only)
 *   level:     default | use | require | unique | unique:N
 * </pre>
 */
final class PolicySpecParser {
    static final String ACTIONS = "discard, none, ipsec, entrust or bypass";
    static final String LEVELS = "default, use, require, unique or unique:N";
    private static final String RULE_FORM = "a rule is protocol/mode/src-dst/level, e.g. esp/transport//require";
    /** {@code unique:N}: setkey(8) allows N from 1 to 32767. */
    static final int MAX_UNIQUE_ID = 32767;

    /** The policy as written; {@code action} is null when only a direction was given (for spddelete). */
    record Spec(Direction direction, long priority, PolicyAction action, List<IpsecRequest> rules, Token actionToken) {
    }

    private final TokenStream in;

    PolicySpecParser(TokenStream in) {
        this.in = in;
    }

    /** Reads the policy up to, not including, the {@code ;}. */
    Spec parse() throws SetkeyParseException {
        Direction dir = direction();
        long priority = SecurityPolicy.PRIORITY_DEFAULT;
        if (in.atWord("prio") || in.atWord("priority")) {
            priority = priority(in.next());
        }
        Token at = in.peek();
        if (at.is(Kind.SEMICOLON) || at.is(Kind.END)) {
            return new Spec(dir, priority, null, List.of(), at);
        }
        if (!at.is(Kind.WORD)) {
            throw in.expected(at, "a policy action (" + ACTIONS + ")");
        }
        Optional<PolicyAction> action = PolicyAction.fromSetkeyName(at.text());
        if (action.isEmpty()) {
            throw TokenStream.error(at, "unknown policy action " + at.display() + " (expected " + ACTIONS + ")");
        }
        in.next();
        List<IpsecRequest> rules = new ArrayList<>();
        while (in.at(Kind.WORD)) {
            Token first = in.peek();
            if (action.get() != PolicyAction.IPSEC) {
                throw TokenStream.error(first, "a " + action.get().setkeyName() + " policy takes no rules;"
                        + " expected \";\"");
            }
            rules.add(rule(dir));
        }
        return new Spec(dir, priority, action.get(), rules, at);
    }

    private Direction direction() throws SetkeyParseException {
        Token t = in.peek();
        if (!t.is(Kind.WORD)) {
            throw in.expected(t, "a policy direction (in, out or fwd) after -P");
        }
        Optional<Direction> d = Direction.fromSetkeyName(t.text());
        if (d.isEmpty()) {
            if (PolicyAction.fromSetkeyName(t.text()).isPresent()) {
                throw TokenStream.error(t, "policy direction missing before " + t.display()
                        + " (expected in, out or fwd, e.g. -P out " + t.text() + " ...)");
            }
            throw TokenStream.error(t, "unknown policy direction " + t.display() + " (expected in, out or fwd)");
        }
        in.next();
        return d.get();
    }

    /**
     * {@code prio N} puts the policy N before the default (PRIORITY_DEFAULT - N), {@code prio -N} N after it;
     * {@code prio base + N} is base - N and {@code prio base - N} is base + N, with libipsec's limits.
     */
    private long priority(Token prio) throws SetkeyParseException {
        String forms = "N, -N, or low, def or high optionally followed by + N or - N";
        Token t = in.peek();
        if (t.is(Kind.HYPHEN)) {
            in.next();
            return SecurityPolicy.PRIORITY_DEFAULT + offset(0x7FFFFFFFL, prio.text() + " -");
        }
        if (t.is(Kind.WORD) && Numbers.isDecimal(t.text())) {
            return SecurityPolicy.PRIORITY_DEFAULT - offset(0x80000000L, prio.text());
        }
        long base;
        switch (t.is(Kind.WORD) ? t.text() : "") {
            case "low" -> base = SecurityPolicy.PRIORITY_LOW;
            case "def" -> base = SecurityPolicy.PRIORITY_DEFAULT;
            case "high" -> base = SecurityPolicy.PRIORITY_HIGH;
            default -> {
                if (t.is(Kind.END) || t.is(Kind.SEMICOLON)) {
                    throw in.expected(t, "a priority after \"" + prio.text() + "\" (" + forms + ")");
                }
                throw TokenStream.error(t, "invalid priority " + t.display() + " (expected " + forms + ")");
            }
        }
        in.next();
        if (in.accept(Kind.PLUS)) {
            return base - offset(0x40000000L, t.text() + " +");
        }
        if (in.accept(Kind.HYPHEN)) {
            return base + offset(0x3FFFFFFFL, t.text() + " -");
        }
        return base;
    }

    private long offset(long max, String after) throws SetkeyParseException {
        Token v = in.peek();
        long n = v.is(Kind.WORD) ? Numbers.decimal(v.text(), max) : Numbers.NOT_A_NUMBER;
        if (n == Numbers.NOT_A_NUMBER) {
            throw in.expected(v, "a decimal priority offset after \"" + after + "\"");
        }
        if (n == Numbers.TOO_LARGE) {
            throw TokenStream.error(v, "priority offset out of range: " + v.display() + " (at most " + max
                    + " after \"" + after + "\")");
        }
        in.next();
        return n;
    }

    private IpsecRequest rule(Direction dir) throws SetkeyParseException {
        Token pt = in.next();
        SaProtocol protocol = switch (pt.text()) {
            case "esp" -> SaProtocol.ESP;
            case "ah" -> SaProtocol.AH;
            case "ipcomp" -> SaProtocol.IPCOMP;
            default -> throw TokenStream.error(pt, "unknown protocol " + pt.display()
                    + " in policy rule (expected esp, ah or ipcomp)");
        };
        if (!in.accept(Kind.SLASH)) {
            throw in.expected(in.peek(), "\"/\" and a mode after \"" + pt.text() + "\" (too few arguments: "
                    + RULE_FORM + ")");
        }
        Token mt = in.peek();
        if (!mt.is(Kind.WORD)) {
            throw in.expected(mt, "a mode (transport or tunnel) after \"" + pt.text() + "/\" (" + RULE_FORM + ")");
        }
        IpsecMode mode = switch (mt.text()) {
            case "transport" -> IpsecMode.TRANSPORT;
            case "tunnel" -> IpsecMode.TUNNEL;
            default -> throw TokenStream.error(mt, "unknown mode " + mt.display()
                    + " in policy rule (expected transport or tunnel)");
        };
        in.next();
        Endpoints ends = Endpoints.NONE;
        Level level = Level.DEFAULT;
        int uniqueId = 0;
        if (in.accept(Kind.SLASH)) {
            Token t = in.peek();
            if (in.accept(Kind.SLASH)) {
                Token lt = in.peek();
                if (!lt.is(Kind.WORD) || !isLevel(lt.text())) {
                    throw in.expected(lt, "a level (" + LEVELS + ") after \"//\"");
                }
                LevelSpec l = level();
                level = l.level();
                uniqueId = l.uniqueId();
            } else if (t.is(Kind.WORD) && !isProtocol(t.text())) {
                if (isLevel(t.text())) {
                    throw TokenStream.error(t, t.display() + " is a level: write " + pt.text() + "/" + mt.text()
                            + "//" + t.text() + " (two slashes when the rule has no endpoints)");
                }
                ends = endpoints(dir);
                if (in.accept(Kind.SLASH)) {
                    Token lt = in.peek();
                    if (lt.is(Kind.WORD) && !isProtocol(lt.text())) {
                        if (!isLevel(lt.text())) {
                            throw TokenStream.error(lt, "unknown level " + lt.display() + " (expected " + LEVELS
                                    + ")");
                        }
                        LevelSpec l = level();
                        level = l.level();
                        uniqueId = l.uniqueId();
                    }
                }
            }
        }
        if (mode == IpsecMode.TUNNEL && ends.source() == null) {
            throw TokenStream.error(mt, "tunnel mode needs the tunnel endpoints: write " + pt.text()
                    + "/tunnel/src-dst/level, e.g. " + pt.text() + "/tunnel/192.0.2.1-192.0.2.2/require");
        }
        return new IpsecRequest(protocol, mode, ends.source(), ends.sourcePort(), ends.destination(),
                ends.destinationPort(), level, uniqueId);
    }

    private static boolean isProtocol(String w) {
        return w.equals("esp") || w.equals("ah") || w.equals("ipcomp");
    }

    private static boolean isLevel(String w) {
        return w.equals("default") || w.equals("use") || w.equals("require") || w.equals("unique")
                || w.startsWith("unique:");
    }

    /** A level with the N of {@code unique:N} (0 otherwise). */
    private record LevelSpec(Level level, int uniqueId) {
    }

    private LevelSpec level() throws SetkeyParseException {
        Token t = in.next();
        String w = t.text();
        if (w.startsWith("unique:")) {
            String n = w.substring("unique:".length());
            long id = Numbers.decimal(n, MAX_UNIQUE_ID);
            if (id == Numbers.NOT_A_NUMBER) {
                throw TokenStream.error(t, "invalid level " + t.display() + " (expected " + LEVELS + ")");
            }
            if (id == Numbers.TOO_LARGE || id == 0) {
                throw TokenStream.error(t, "unique id out of range: " + t.display() + " (unique:N takes N from 1 to "
                        + MAX_UNIQUE_ID + ")");
            }
            return new LevelSpec(Level.UNIQUE, (int) id);
        }
        return new LevelSpec(Level.fromSetkeyName(w).orElseThrow(), 0);
    }

    /** Tunnel endpoints of a rule; both null for none. */
    private record Endpoints(InetAddress source, int sourcePort, InetAddress destination, int destinationPort) {
        static final Endpoints NONE = new Endpoints(null, 0, null, 0);
    }

    private Endpoints endpoints(Direction dir) throws SetkeyParseException {
        Token st = in.peek();
        if (st.isWord("me") || st.isWord("any")) {
            in.next();
            if (!in.accept(Kind.HYPHEN)) {
                throw in.expected(in.peek(), "\"-\" after " + st.display() + " (me-any or any-me)");
            }
            Token second = in.peek();
            boolean meAny = st.text().equals("me") && second.isWord("any");
            boolean anyMe = st.text().equals("any") && second.isWord("me");
            if (!meAny && !anyMe) {
                throw in.expected(second, st.text().equals("me") ? "\"any\" after \"me-\"" : "\"me\" after \"any-\"");
            }
            in.next();
            if (meAny && dir != Direction.OUT) {
                throw TokenStream.error(st, "me-any is only for out policies");
            }
            if (anyMe && dir != Direction.IN) {
                throw TokenStream.error(st, "any-me is only for in policies");
            }
            return Endpoints.NONE;
        }
        InetAddress src = endpoint("the tunnel source address");
        int sport = -1;
        if (in.at(Kind.LBRACKET)) {
            sport = port();
        }
        if (!in.accept(Kind.HYPHEN)) {
            throw in.expected(in.peek(), "\"-\" between the tunnel endpoints (src-dst)");
        }
        Token dt = in.peek();
        InetAddress dst = endpoint("the tunnel destination address");
        int dport = -1;
        if (in.at(Kind.LBRACKET)) {
            if (sport < 0) {
                throw TokenStream.error(in.peek(), "give a port on both tunnel endpoints or on neither");
            }
            dport = port();
        } else if (sport >= 0) {
            throw in.expected(in.peek(), "a [port] after the tunnel destination too (a port on both endpoints"
                    + " or on neither)");
        }
        AddressReader.sameFamily(src, dst, dt, "tunnel endpoints");
        return new Endpoints(src, Math.max(sport, 0), dst, Math.max(dport, 0));
    }

    private InetAddress endpoint(String what) throws SetkeyParseException {
        Token t = in.peek();
        if (!t.is(Kind.WORD)) {
            throw in.expected(t, what);
        }
        in.next();
        InetAddress a = AddressLiterals.parse(t.text());
        if (a == null) {
            throw TokenStream.error(t, AddressLiterals.problem(t.text()));
        }
        return a;
    }

    private int port() throws SetkeyParseException {
        in.next();
        Token v = in.word("a port number after \"[\"");
        long p = Numbers.decimal(v.text(), 65535);
        if (p < 0) {
            throw TokenStream.error(v, "invalid port " + v.display() + " (expected a number 0 to 65535)");
        }
        if (!in.accept(Kind.RBRACKET)) {
            throw in.expected(in.peek(), "\"]\" after the port");
        }
        return (int) p;
    }
}
