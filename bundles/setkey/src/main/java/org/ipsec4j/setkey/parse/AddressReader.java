package org.ipsec4j.setkey.parse;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.ipsec4j.setkey.SetkeyParseException;
import org.ipsec4j.setkey.parse.Token.Kind;

/**
 * Reads the address parts shared by SA and SPD statements: the {@code -4}, {@code -6}, {@code -n} options, an
 * address, {@code /prefixlen} and {@code [port]}.
 */
final class AddressReader {
    /** No restriction by {@code -4} or {@code -6}. */
    static final int ANY_FAMILY = 0;

    private final TokenStream in;

    AddressReader(TokenStream in) {
        this.in = in;
    }

    /**
     * Reads {@code [-46n]} options right after a command word ({@code -4n}, {@code -6 -n}, ...) and returns the family
     * they restrict addresses to: 4, 6, or {@link #ANY_FAMILY}. As in setkey the last of {@code -4} and {@code -6}
     * wins; {@code -n} (numeric addresses only) always holds here, because host names are never resolved.
     */
    int options() throws SetkeyParseException {
        int family = ANY_FAMILY;
        while (in.peek().is(Kind.WORD) && isAddressOption(in.peek().text())) {
            String flags = in.next().text();
            for (int i = 1; i < flags.length(); i++) {
                char c = flags.charAt(i);
                if (c == '4') {
                    family = 4;
                } else if (c == '6') {
                    family = 6;
                }
            }
        }
        return family;
    }

    static boolean isAddressOption(String w) {
        if (w.length() < 2 || w.charAt(0) != '-') {
            return false;
        }
        for (int i = 1; i < w.length(); i++) {
            char c = w.charAt(i);
            if (c != '4' && c != '6' && c != 'n') {
                return false;
            }
        }
        return true;
    }

    /** Reads a numeric address, which must be of {@code family} when that is 4 or 6. */
    InetAddress address(int family, String what) throws SetkeyParseException {
        Token t = in.peek();
        if (!t.is(Kind.WORD)) {
            throw in.expected(t, what);
        }
        if (isAddressOption(t.text())) {
            throw TokenStream.error(t, "expected " + what + ", found " + t.display()
                    + " (the options -4, -6 and -n go right after the command)");
        }
        if (t.text().startsWith("-")) {
            throw in.expected(t, what);
        }
        in.next();
        InetAddress a = AddressLiterals.parse(t.text());
        if (a == null) {
            throw TokenStream.error(t, AddressLiterals.problem(t.text()));
        }
        boolean v4 = a instanceof Inet4Address;
        if (family == 4 && !v4) {
            throw TokenStream.error(t, t.display() + " is an IPv6 address, but -4 allows only IPv4 addresses");
        }
        if (family == 6 && v4) {
            throw TokenStream.error(t, t.display() + " is an IPv4 address, but -6 allows only IPv6 addresses");
        }
        return a;
    }

    /** Fails at {@code dstToken} unless both addresses are of one family. */
    static void sameFamily(InetAddress src, InetAddress dst, Token dstToken, String what)
            throws SetkeyParseException {
        if ((src instanceof Inet4Address) != (dst instanceof Inet4Address)) {
            throw TokenStream.error(dstToken, what + " must be of one address family: "
                    + family(src) + " and " + family(dst) + " given");
        }
    }

    static String family(InetAddress a) {
        return a instanceof Inet4Address ? "IPv4" : "IPv6";
    }

    /** Reads {@code [port]} or {@code [any]} if the next token is {@code [}; returns 0 for none or any. */
    int optionalPort() throws SetkeyParseException {
        if (!in.at(Kind.LBRACKET)) {
            return 0;
        }
        in.next();
        Token v = in.word("a port (a number 0 to 65535, or any) after \"[\"");
        int port;
        if (v.text().equals("any")) {
            port = 0;
        } else {
            long p = Numbers.decimal(v.text(), 65535);
            if (p < 0) {
                throw TokenStream.error(v, "invalid port " + v.display() + " (expected a number 0 to 65535, or any)");
            }
            port = (int) p;
        }
        if (!in.accept(Kind.RBRACKET)) {
            throw in.expected(in.peek(), "\"]\" after the port");
        }
        return port;
    }

    /** Reads {@code /prefixlen} if the next token is {@code /}; returns the full length of the family for none. */
    int optionalPrefix(InetAddress a) throws SetkeyParseException {
        int max = a instanceof Inet4Address ? 32 : 128;
        if (!in.at(Kind.SLASH)) {
            return max;
        }
        in.next();
        Token v = in.word("a prefix length after \"/\"");
        long p = Numbers.decimal(v.text(), max);
        if (p == Numbers.NOT_A_NUMBER) {
            throw TokenStream.error(v, "invalid prefix length " + v.display() + " (expected a number 0 to " + max + ")");
        }
        if (p < 0) {
            throw TokenStream.error(v, "prefix length " + v.display() + " out of range for an " + family(a)
                    + " address (0 to " + max + ")");
        }
        return (int) p;
    }
}
