package org.ipsec4j.setkey.parse;

import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.Lifetime;
import org.ipsec4j.api.sa.Padding;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.sa.SecurityContext;
import org.ipsec4j.setkey.Position;
import org.ipsec4j.setkey.SetkeyParseException;
import org.ipsec4j.setkey.Statement;
import org.ipsec4j.setkey.parse.Token.Kind;

/**
 * Reads the SAD statements: {@code add}, {@code update}, {@code get}, {@code delete}, {@code deleteall},
 * {@code flush} and {@code dump}, as ipsec-tools' {@code parse.y} defines them:
 * <pre>
 * add [-46n] src[port] dst[port] protocol spi [extensions] algorithms ;
 * get [-46n] src[port] dst[port] protocol spi [extensions] ;      (delete alike; extensions are ignored)
 * deleteall [-46n] src dst protocol ;
 * flush [protocol] ;        dump [protocol] ;
 * </pre>
 */
final class SaStatementParser {
    static final String PROTOCOLS = "esp, esp-old, esp-udp, ah, ah-old, ipcomp or tcp";
    private static final Set<String> EXTENSIONS =
            Set.of("-m", "-r", "-u", "-f", "-lh", "-ls", "-bh", "-bs", "-ctx", "-esn");
    private static final String EXTENSION_LIST = "-m, -r, -u, -f, -lh, -ls, -bh, -bs, -ctx or -esn";
    /** The largest {@code -r} setkey(8) in ipsec4j accepts: 4096 bytes, a window of 32768 packets. */
    static final int MAX_REPLAY_BYTES = 4096;

    private final TokenStream in;
    private final AddressReader addresses;

    SaStatementParser(TokenStream in) {
        this.in = in;
        this.addresses = new AddressReader(in);
    }

    /** The part every SA statement with an SPI starts with. */
    private record Head(InetAddress source, int sourcePort, InetAddress destination, int destinationPort,
            SaProtocol protocol, int spi) {
    }

    /** The extensions; defaults are setkey's. */
    private static final class Extensions {
        IpsecMode mode = IpsecMode.ANY;
        long reqid;
        int replayBytes;
        Padding padding = Padding.SEQUENTIAL;
        boolean cyclic = true;
        boolean esn;
        long hardSeconds;
        long softSeconds;
        long hardBytes;
        long softBytes;
        SecurityContext context;
        boolean any;
    }

    /** {@code add} or {@code update}; the command word is consumed. */
    Statement addOrUpdate(Token cmd) throws SetkeyParseException {
        Head h = head();
        Extensions x = extensions(h.protocol());
        AlgorithmSpecParser.Algorithms alg = new AlgorithmSpecParser(in, h.protocol()).parse();
        Token end = in.peek();
        if (end.is(Kind.WORD) && EXTENSIONS.contains(end.text())) {
            throw TokenStream.error(end, "extensions such as " + end.text() + " go before the algorithms: "
                    + cmd.text() + " src dst protocol spi [extensions] " + AlgorithmSpecParser.usage(h.protocol()));
        }
        if (end.isWord("-R") && alg.compression() == null) {
            throw TokenStream.error(end, "-R belongs after -C calgo on an ipcomp SA");
        }
        in.semicolon("the algorithms");
        SecurityAssociation sa = SecurityAssociation.builder(h.source(), h.destination(), h.protocol(), h.spi())
                .ports(h.sourcePort(), h.destinationPort())
                .mode(x.mode)
                .reqid((int) x.reqid)
                .replayWindowBytes(x.replayBytes)
                .padding(x.padding)
                .cyclicSequence(x.cyclic)
                .extendedSequence(x.esn)
                .rawCpi(alg.rawCpi())
                .hardLifetime(new Lifetime(x.hardSeconds, x.hardBytes))
                .softLifetime(new Lifetime(x.softSeconds, x.softBytes))
                .encryption(alg.encryption())
                .authentication(alg.authentication())
                .compression(alg.compression())
                .context(x.context)
                .build();
        Position at = TokenStream.position(cmd);
        return cmd.text().equals("add") ? new Statement.Add(at, sa) : new Statement.Update(at, sa);
    }

    /** {@code get} or {@code delete}; the command word is consumed. Extensions are read and ignored, as setkey does. */
    Statement getOrDelete(Token cmd) throws SetkeyParseException {
        Head h = head();
        Extensions x = extensions(h.protocol());
        in.semicolon(x.any ? "the extensions" : "the SPI");
        SaId id = new SaId(h.destination(), h.protocol(), h.spi());
        Position at = TokenStream.position(cmd);
        return cmd.text().equals("get") ? new Statement.Get(at, h.source(), id)
                : new Statement.Delete(at, h.source(), id);
    }

    /** {@code deleteall}; the command word is consumed. */
    Statement deleteAll(Token cmd) throws SetkeyParseException {
        int family = addresses.options();
        InetAddress src = address(family, "source address");
        Token dstToken = in.peek();
        InetAddress dst = address(family, "destination address");
        AddressReader.sameFamily(src, dst, dstToken, "source and destination");
        SaProtocol p = protocol();
        in.semicolon("the protocol");
        return new Statement.DeleteAll(TokenStream.position(cmd), src, dst, p);
    }

    private InetAddress address(int family, String what) throws SetkeyParseException {
        InetAddress a = addresses.address(family, what);
        if (in.at(Kind.LBRACKET)) {
            throw TokenStream.error(in.peek(), "deleteall takes addresses without ports");
        }
        return a;
    }

    /** {@code flush} or {@code dump}; the command word is consumed. */
    Statement flushOrDump(Token cmd) throws SetkeyParseException {
        Optional<SaProtocol> p = Optional.empty();
        if (in.at(Kind.WORD)) {
            p = Optional.of(protocol());
        }
        in.semicolon(p.isPresent() ? "the protocol" : "\"" + cmd.text() + "\"");
        Position at = TokenStream.position(cmd);
        return cmd.text().equals("flush") ? new Statement.Flush(at, p) : new Statement.Dump(at, p);
    }

    private Head head() throws SetkeyParseException {
        int family = addresses.options();
        InetAddress src = endpoint(family, "source address");
        int sport = addresses.optionalPort();
        Token dstToken = in.peek();
        InetAddress dst = endpoint(family, "destination address");
        int dport = addresses.optionalPort();
        AddressReader.sameFamily(src, dst, dstToken, "source and destination");
        SaProtocol p = protocol();
        if (p == SaProtocol.ESP_UDP) {
            Token oa = in.peek();
            if (oa.is(Kind.WORD) && (oa.text().indexOf('.') >= 0 || oa.text().indexOf(':') >= 0)) {
                throw TokenStream.error(oa, "a NAT-OA address after esp-udp is not supported; write the SPI"
                        + " right after esp-udp");
            }
        }
        return new Head(src, sport, dst, dport, p, spi(p));
    }

    private InetAddress endpoint(int family, String what) throws SetkeyParseException {
        InetAddress a = addresses.address(family, what);
        if (in.at(Kind.SLASH)) {
            throw TokenStream.error(in.peek(), "an SA endpoint is a single address: /prefixlen is not allowed here");
        }
        return a;
    }

    /** One of the SA protocols. */
    private SaProtocol protocol() throws SetkeyParseException {
        Token t = in.peek();
        if (!t.is(Kind.WORD)) {
            throw in.expected(t, "a protocol (" + PROTOCOLS + ")");
        }
        Optional<SaProtocol> p = SaProtocol.fromSetkeyName(t.text());
        if (p.isEmpty()) {
            if (Numbers.isDecimal(t.text()) || Numbers.isHex(t.text())) {
                throw TokenStream.error(t, "expected a protocol (" + PROTOCOLS + ") before the SPI, found "
                        + t.display());
            }
            throw TokenStream.error(t, "unknown protocol " + t.display() + " (expected " + PROTOCOLS + ")");
        }
        in.next();
        return p.get();
    }

    /**
     * The SPI: decimal or {@code 0x} hex, 32 bits. SPI 0 means "no SA" (RFC 4303 section 2.1) and is refused. SPIs 1
     * to 255 are reserved for IANA and setkey(8) says they cannot be used, but Linux accepts them and real
     * configurations use them (e.g. {@code esp 100 -u 100}), so ipsec4j accepts them too. An IPComp CPI has 16 bits (RFC 3173) and may be a well-known CPI below 256 (with
     * {@code -R}). ipsec-tools' manual asks TCP-MD5 SAs to use SPI 0x1000, FreeBSD's own example uses 0x1001 as
     * well; both are accepted.
     */
    private int spi(SaProtocol p) throws SetkeyParseException {
        Token t = in.peek();
        if (!t.is(Kind.WORD)) {
            throw in.expected(t, "an SPI (a decimal number or 0x hex)");
        }
        String w = t.text();
        long v = Numbers.isHex(w) ? Numbers.hex(w, 0xFFFFFFFFL) : Numbers.decimal(w, 0xFFFFFFFFL);
        if (v == Numbers.NOT_A_NUMBER) {
            throw TokenStream.error(t, "invalid SPI " + t.display() + " (expected a decimal number or 0x hex)");
        }
        if (v == Numbers.TOO_LARGE) {
            throw TokenStream.error(t, "SPI out of range: " + t.quoted() + " (at most 4294967295 or 0xffffffff)");
        }
        if (p == SaProtocol.IPCOMP) {
            if (v > 0xFFFF) {
                throw TokenStream.error(t, "CPI out of range: " + t.quoted()
                        + " (an IPComp CPI is at most 65535 or 0xffff)");
            }
        } else if (v == 0) {
            throw TokenStream.error(t, "SPI 0 is reserved: it means no SA (RFC 4303); use an SPI from 256 up");
        }
        in.next();
        return (int) v;
    }

    private Extensions extensions(SaProtocol p) throws SetkeyParseException {
        Extensions x = new Extensions();
        while (true) {
            Token t = in.peek();
            if (!t.is(Kind.WORD) || !t.text().startsWith("-")) {
                return x;
            }
            String f = t.text();
            if (!EXTENSIONS.contains(f)) {
                if (f.equals("-E") || f.equals("-A") || f.equals("-C") || f.equals("-R")) {
                    return x;
                }
                throw TokenStream.error(t, "unknown option " + t.display() + " (expected " + EXTENSION_LIST
                        + ", then -E, -A or -C)");
            }
            in.next();
            x.any = true;
            switch (f) {
                case "-m" -> x.mode = mode();
                case "-r" -> {
                    if (p == SaProtocol.ESP_OLD || p == SaProtocol.AH_OLD) {
                        throw TokenStream.error(t, "replay prevention cannot be used with " + p.setkeyName()
                                + " (RFC 1826/1827 formats have no sequence number)");
                    }
                    x.replayBytes = (int) number(t, MAX_REPLAY_BYTES, "replay window", " bytes");
                }
                case "-u" -> x.reqid = number(t, 0xFFFFFFFFL, "reqid", "");
                case "-f" -> padding(x);
                case "-lh" -> x.hardSeconds = number(t, Long.MAX_VALUE, "lifetime", " seconds");
                case "-ls" -> x.softSeconds = number(t, Long.MAX_VALUE, "lifetime", " seconds");
                case "-bh" -> x.hardBytes = number(t, Long.MAX_VALUE, "byte lifetime", " bytes");
                case "-bs" -> x.softBytes = number(t, Long.MAX_VALUE, "byte lifetime", " bytes");
                case "-ctx" -> x.context = context(in, t);
                case "-esn" -> {
                    if (p != SaProtocol.ESP && p != SaProtocol.ESP_UDP && p != SaProtocol.AH) {
                        throw TokenStream.error(t, "-esn (extended sequence numbers) applies to esp, esp-udp and"
                                + " ah SAs, not " + p.setkeyName());
                    }
                    x.esn = true;
                }
                default -> throw new IllegalStateException(f);
            }
        }
    }

    private IpsecMode mode() throws SetkeyParseException {
        Token m = in.word("a mode (transport, tunnel or any) after -m");
        Optional<IpsecMode> mode = IpsecMode.fromSetkeyName(m.text());
        if (mode.isEmpty()) {
            throw TokenStream.error(m, "unknown mode " + m.display() + " (expected transport, tunnel or any)");
        }
        return mode.get();
    }

    private void padding(Extensions x) throws SetkeyParseException {
        Token v = in.word("zero-pad, random-pad, seq-pad or nocyclic-seq after -f");
        switch (v.text()) {
            case "zero-pad" -> x.padding = Padding.ZERO;
            case "random-pad" -> x.padding = Padding.RANDOM;
            case "seq-pad" -> x.padding = Padding.SEQUENTIAL;
            case "nocyclic-seq" -> x.cyclic = false;
            default -> throw TokenStream.error(v, "unknown -f option " + v.display()
                    + " (expected zero-pad, random-pad, seq-pad or nocyclic-seq)");
        }
    }

    private long number(Token flag, long max, String what, String unit) throws SetkeyParseException {
        return number(in, flag, max, what, unit);
    }

    /** A decimal number 0..max after {@code flag}. */
    private static long number(TokenStream in, Token flag, long max, String what, String unit)
            throws SetkeyParseException {
        Token v = in.word("a decimal number after " + flag.text());
        long n = Numbers.decimal(v.text(), max);
        if (n == Numbers.NOT_A_NUMBER) {
            throw TokenStream.error(v, "expected a decimal number after " + flag.text() + ", found " + v.display());
        }
        if (n == Numbers.TOO_LARGE) {
            throw TokenStream.error(v, what + " out of range: " + v.display() + " (0 to " + max + unit + ")");
        }
        return n;
    }

    /** {@code -ctx doi algorithm "label"} of an SA or a policy; {@code flag} is the consumed {@code -ctx}. */
    static SecurityContext context(TokenStream in, Token flag) throws SetkeyParseException {
        int doi = (int) number(in, flag, 255, "context DOI", "");
        int alg = (int) number(in, flag, 255, "context algorithm", "");
        Token label = in.peek();
        if (!label.is(Kind.QUOTED)) {
            throw in.expected(label, "a quoted context label after -ctx doi algorithm");
        }
        in.next();
        return new SecurityContext(doi, alg, label.text());
    }
}
