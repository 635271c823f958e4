package org.ipsec4j.setkey.parse;

import java.net.InetAddress;
import java.util.OptionalInt;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.api.policy.PolicyAction;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.Selector;
import org.ipsec4j.setkey.Position;
import org.ipsec4j.setkey.SetkeyParseException;
import org.ipsec4j.setkey.Statement;
import org.ipsec4j.setkey.UpperLayerProtocols;
import org.ipsec4j.setkey.parse.SetkeyLexer.Mode;
import org.ipsec4j.setkey.parse.Token.Kind;

/**
 * Reads the SPD statements with a selector, as ipsec-tools' {@code parse.y} defines them:
 * <pre>
 * spdadd    [-46n] src_range dst_range upperspec [type,code | gre-key] [-ctx doi alg "label"] -P policy ;
 * spdupdate (the same)
 * spddelete (the same; the policy after the direction may be left out and is ignored)
 *   range: address[/prefixlen][[port]]        port: a number or any
 * </pre>
 * The {@code -ctx} label of a policy is read and checked but not kept: {@link SecurityPolicy} has no place for it,
 * and ipsec4j does not enforce security labels.
 */
final class PolicyStatementParser {
    private final TokenStream in;
    private final AddressReader addresses;

    PolicyStatementParser(TokenStream in) {
        this.in = in;
        this.addresses = new AddressReader(in);
    }

    /** {@code spdadd}, {@code spdupdate} or {@code spddelete}; the command word is consumed. */
    Statement parse(Token cmd) throws SetkeyParseException {
        if (in.atWord("tagged")) {
            throw TokenStream.error(in.peek(), cmd.text() + " tagged (policies on PF tags) is not supported;"
                    + " write " + cmd.text() + " src_range dst_range upperspec -P policy");
        }
        Selector selector = selector();
        if (in.atWord("-ctx")) {
            SaStatementParser.context(in, in.next());
        }
        Token p = in.peek();
        if (!p.isWord("-P")) {
            throw in.expected(p, "-P and a policy after the upper-layer protocol");
        }
        in.next();
        in.mode(Mode.POLICY);
        PolicySpecParser.Spec spec = new PolicySpecParser(in).parse();
        boolean delete = cmd.text().equals("spddelete");
        if (!delete) {
            if (spec.action() == null) {
                throw in.expected(spec.actionToken(), "a policy action (" + PolicySpecParser.ACTIONS + ") after \""
                        + spec.direction().setkeyName() + "\"");
            }
            if (spec.action() == PolicyAction.IPSEC && spec.rules().isEmpty()) {
                throw in.expected(in.peek(), "a rule after \"ipsec\" (protocol/mode/src-dst/level, e.g."
                        + " esp/transport//require)");
            }
        }
        in.semicolon("the policy");
        in.mode(Mode.NORMAL);
        Position at = TokenStream.position(cmd);
        if (delete) {
            return new Statement.SpdDelete(at, selector, spec.direction());
        }
        SecurityPolicy policy = new SecurityPolicy(selector, spec.direction(), spec.priority(), spec.action(),
                spec.rules());
        return cmd.text().equals("spdadd") ? new Statement.SpdAdd(at, policy) : new Statement.SpdUpdate(at, policy);
    }

    private Selector selector() throws SetkeyParseException {
        int family = addresses.options();
        InetAddress src = addresses.address(family, "source address range");
        int srcLen = addresses.optionalPrefix(src);
        int srcPort = addresses.optionalPort();
        prefixAfterPort();
        Token dstToken = in.peek();
        InetAddress dst = addresses.address(family, "destination address range");
        int dstLen = addresses.optionalPrefix(dst);
        int dstPort = addresses.optionalPort();
        prefixAfterPort();
        AddressReader.sameFamily(src, dst, dstToken, "source and destination ranges");

        Token ut = in.peek();
        if (!ut.is(Kind.WORD) || ut.text().startsWith("-")) {
            throw in.expected(ut, "an upper-layer protocol (any, a name such as tcp or icmp6, or a number)");
        }
        in.next();
        int upper = upperLayer(ut);
        if (UpperLayerProtocols.hasTypeAndCode(upper) && (srcPort != 0 || dstPort != 0)) {
            throw TokenStream.error(ut, "ports do not apply to " + ut.text() + ": write its type and code after"
                    + " the protocol instead, e.g. " + ut.text() + " 8,0");
        }
        int icmpType = Selector.ANY_ICMP;
        int icmpCode = Selector.ANY_ICMP;
        Token misc = in.peek();
        if (misc.is(Kind.WORD) && !misc.text().startsWith("-")) {
            in.next();
            if (UpperLayerProtocols.hasTypeAndCode(upper)) {
                int comma = misc.text().indexOf(',');
                String type = comma < 0 ? misc.text() : misc.text().substring(0, comma);
                icmpType = typeOrCode(misc, type);
                if (comma >= 0) {
                    icmpCode = typeOrCode(misc, misc.text().substring(comma + 1));
                }
            } else if (upper == UpperLayerProtocols.GRE) {
                if (srcPort != 0 || dstPort != 0) {
                    throw TokenStream.error(misc, "write the GRE key after the protocol or as ports, not both");
                }
                long key = greKey(misc);
                srcPort = (int) (key >>> 16);
                dstPort = (int) (key & 0xFFFF);
            } else {
                throw TokenStream.error(misc, "unexpected " + misc.display() + " after " + ut.display()
                        + ": a type,code follows only icmp, icmp6 and mobility-header, a key only gre;"
                        + " ports go in brackets after the addresses");
            }
        }
        return new Selector(new IpPrefix(src, srcLen), srcPort, new IpPrefix(dst, dstLen), dstPort, upper,
                icmpType, icmpCode);
    }

    private void prefixAfterPort() throws SetkeyParseException {
        if (in.at(Kind.SLASH)) {
            throw TokenStream.error(in.peek(), "the prefix length goes before the port: address/prefixlen[port]");
        }
    }

    /** {@code any}, a number 0..255, or a protocol name. */
    private static int upperLayer(Token t) throws SetkeyParseException {
        String w = t.text();
        if (w.equals("any")) {
            return Selector.ANY_PROTOCOL;
        }
        if (Numbers.isDecimal(w)) {
            long n = Numbers.decimal(w, 255);
            if (n < 0) {
                throw TokenStream.error(t, "upper-layer protocol out of range: " + t.display() + " (0 to 255)");
            }
            return (int) n;
        }
        OptionalInt n = UpperLayerProtocols.byName(w);
        if (n.isEmpty()) {
            throw TokenStream.error(t, "unknown upper-layer protocol " + t.display()
                    + " (expected any, a number 0 to 255, or a name such as tcp, udp, icmp, icmp6, gre or sctp)");
        }
        return n.getAsInt();
    }

    private static int typeOrCode(Token misc, String s) throws SetkeyParseException {
        long v = Numbers.decimal(s, 255);
        if (v < 0) {
            throw TokenStream.error(misc, "invalid type,code " + misc.display()
                    + " (expected type or type,code, each 0 to 255, e.g. 135,0)");
        }
        return (int) v;
    }

    /** A GRE key as a number (32 bits) or dotted quad, which setkey puts into the two port fields. */
    private static long greKey(Token misc) throws SetkeyParseException {
        String w = misc.text();
        if (Numbers.isDecimal(w)) {
            long v = Numbers.decimal(w, 0xFFFFFFFFL);
            if (v >= 0) {
                return v;
            }
        } else {
            byte[] q = AddressLiterals.ipv4(w);
            if (q != null) {
                return ((q[0] & 0xffL) << 24) | ((q[1] & 0xffL) << 16) | ((q[2] & 0xffL) << 8) | (q[3] & 0xffL);
            }
        }
        throw TokenStream.error(misc, "invalid GRE key " + misc.display()
                + " (expected a number 0 to 4294967295 or a dotted quad such as 0.0.4.210)");
    }
}
