package org.ipsec4j.setkey.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.setkey.SetkeyAlgorithms;
import org.ipsec4j.setkey.SetkeyAlgorithms.Algorithm;
import org.ipsec4j.setkey.SetkeyParseException;
import org.ipsec4j.setkey.parse.Token.Kind;

/**
 * Reads the algorithm part of {@code add} and {@code update}: {@code -E ealgo key [-A aalgo key]},
 * {@code -A aalgo key} or {@code -C calgo [-R]}, and enforces which of them each SA protocol takes, as setkey(8) and
 * the KAME kernel do: esp and esp-udp need {@code -E} and may add {@code -A} (not with a combined-mode algorithm);
 * esp-old needs {@code -E} without {@code -A}; ah and ah-old need {@code -A}; ipcomp needs {@code -C}; tcp needs
 * {@code -A tcp-md5}. {@code des-deriv} needs new-format ESP, {@code des-32iv} needs esp-old.
 */
final class AlgorithmSpecParser {

    /** What the algorithm part gave; absent algorithms are null. */
    record Algorithms(AlgorithmKey encryption, AlgorithmKey authentication, AlgorithmKey compression,
            boolean rawCpi) {
    }

    private final TokenStream in;
    private final SaProtocol protocol;

    AlgorithmSpecParser(TokenStream in, SaProtocol protocol) {
        this.in = in;
        this.protocol = protocol;
    }

    /** How an SA of {@code p} writes its algorithms, for messages. */
    static String usage(SaProtocol p) {
        return switch (p) {
            case ESP, ESP_UDP -> "-E ealgo key [-A aalgo key]";
            case ESP_OLD -> "-E ealgo key";
            case AH, AH_OLD -> "-A aalgo key";
            case IPCOMP -> "-C calgo [-R]";
            case TCP -> "-A tcp-md5 key";
        };
    }

    private String takes() {
        return protocol.setkeyName() + " takes " + usage(protocol);
    }

    private boolean isEsp() {
        return protocol == SaProtocol.ESP || protocol == SaProtocol.ESP_UDP || protocol == SaProtocol.ESP_OLD;
    }

    Algorithms parse() throws SetkeyParseException {
        Token t = in.peek();
        if (t.isWord("-E")) {
            if (!isEsp()) {
                throw TokenStream.error(t, "-E (encryption) does not apply to " + protocol.setkeyName()
                        + " SAs: " + takes());
            }
            in.next();
            AlgorithmKey enc = encryption();
            AlgorithmKey auth = null;
            Token a = in.peek();
            if (a.isWord("-A")) {
                Algorithm e = SetkeyAlgorithms.encryption(enc.name()).orElseThrow();
                if (e.kind() == AlgorithmKind.AEAD) {
                    throw TokenStream.error(a, e.name() + " is a combined-mode algorithm with its own integrity"
                            + " check: -A is not allowed with it");
                }
                if (protocol == SaProtocol.ESP_OLD) {
                    throw TokenStream.error(a, "esp-old (RFC 1827) has no integrity check: -A is not allowed"
                            + " (use esp)");
                }
                in.next();
                auth = authentication();
            }
            return new Algorithms(enc, auth, null, false);
        }
        if (t.isWord("-A")) {
            if (isEsp()) {
                throw TokenStream.error(t, protocol.setkeyName() + " needs an encryption algorithm first: "
                        + takes());
            }
            if (protocol == SaProtocol.IPCOMP) {
                throw TokenStream.error(t, "-A (authentication) does not apply to ipcomp SAs: " + takes());
            }
            in.next();
            return new Algorithms(null, authentication(), null, false);
        }
        if (t.isWord("-C")) {
            if (protocol != SaProtocol.IPCOMP) {
                throw TokenStream.error(t, "-C (compression) applies to ipcomp SAs only: " + takes());
            }
            in.next();
            AlgorithmKey comp = compression();
            boolean raw = in.acceptWord("-R");
            return new Algorithms(null, null, comp, raw);
        }
        throw in.expected(t, "an algorithm (" + takes() + ")");
    }

    private AlgorithmKey encryption() throws SetkeyParseException {
        Token n = in.word("an encryption algorithm after -E");
        Optional<Algorithm> found = SetkeyAlgorithms.encryption(n.text());
        if (found.isEmpty()) {
            if (SetkeyAlgorithms.integrity(n.text()).isPresent()) {
                throw TokenStream.error(n, n.display() + " is an authentication algorithm: use it with -A, not -E");
            }
            if (SetkeyAlgorithms.compression(n.text()).isPresent()) {
                throw TokenStream.error(n, n.display() + " is a compression algorithm: use it with -C on an"
                        + " ipcomp SA");
            }
            throw TokenStream.error(n, "unknown encryption algorithm " + n.display() + " (known: "
                    + SetkeyAlgorithms.names(AlgorithmKind.ENCRYPTION, AlgorithmKind.AEAD) + ")");
        }
        Algorithm a = found.get();
        if (a.name().equals("des-deriv") && protocol == SaProtocol.ESP_OLD) {
            throw TokenStream.error(n, "des-deriv needs new-format ESP: use esp, not esp-old");
        }
        if (a.name().equals("des-32iv") && protocol != SaProtocol.ESP_OLD) {
            throw TokenStream.error(n, "des-32iv (4-byte IV) exists only for esp-old, not "
                    + protocol.setkeyName());
        }
        if (a.kind() == AlgorithmKind.AEAD && protocol == SaProtocol.ESP_OLD) {
            throw TokenStream.error(n, a.name() + " needs new-format ESP (RFC 4303): use esp, not esp-old");
        }
        return key(a);
    }

    private AlgorithmKey authentication() throws SetkeyParseException {
        Token n = in.word("an authentication algorithm after -A");
        Optional<Algorithm> found = SetkeyAlgorithms.integrity(n.text());
        if (found.isEmpty()) {
            if (SetkeyAlgorithms.encryption(n.text()).isPresent()) {
                throw TokenStream.error(n, n.display() + " is an encryption algorithm: use it with -E, not -A");
            }
            throw TokenStream.error(n, "unknown authentication algorithm " + n.display() + " (known: "
                    + SetkeyAlgorithms.names(AlgorithmKind.INTEGRITY) + ")");
        }
        Algorithm a = found.get();
        boolean tcpMd5 = a.name().equals("tcp-md5");
        if (protocol == SaProtocol.TCP && !tcpMd5) {
            throw TokenStream.error(n, "tcp SAs (RFC 2385) take -A tcp-md5, not " + a.name());
        }
        if (protocol != SaProtocol.TCP && tcpMd5) {
            throw TokenStream.error(n, "tcp-md5 is only for tcp SAs, not " + protocol.setkeyName());
        }
        return key(a);
    }

    private AlgorithmKey compression() throws SetkeyParseException {
        Token n = in.word("a compression algorithm after -C");
        Optional<Algorithm> found = SetkeyAlgorithms.compression(n.text());
        if (found.isEmpty()) {
            throw TokenStream.error(n, "unknown compression algorithm " + n.display() + " (known: "
                    + SetkeyAlgorithms.names(AlgorithmKind.COMPRESSION) + ")");
        }
        return key(found.get());
    }

    /** Reads the key {@code a} takes (none for keyless algorithms) and checks its length. */
    private AlgorithmKey key(Algorithm a) throws SetkeyParseException {
        Token k = in.peek();
        if (!a.takesKey()) {
            if (k.is(Kind.QUOTED) || (k.is(Kind.WORD) && startsWithHexPrefix(k.text()))) {
                throw TokenStream.error(k, a.name() + " takes no key");
            }
            return new AlgorithmKey(a.name(), new byte[0]);
        }
        byte[] key;
        if (k.is(Kind.QUOTED)) {
            key = k.text().getBytes(StandardCharsets.UTF_8);
        } else if (k.is(Kind.WORD) && startsWithHexPrefix(k.text())) {
            key = hexKey(k);
        } else {
            throw in.expected(k, "a key for " + a.name() + " (a \"string\" or 0x and hex digits)");
        }
        in.next();
        try {
            int bits = key.length * 8;
            if (!a.keySizes().accepts(bits)) {
                throw TokenStream.error(k, "wrong key length for " + a.name() + ": " + bits + " bits given, "
                        + a.name() + " takes " + a.keySizes().describe());
            }
            return new AlgorithmKey(a.name(), key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static boolean startsWithHexPrefix(String w) {
        return w.length() >= 2 && w.charAt(0) == '0' && (w.charAt(1) == 'x' || w.charAt(1) == 'X');
    }

    /** {@code 0x} digits as bytes; an odd count reads as if a leading 0 were written, as setkey does. */
    private static byte[] hexKey(Token k) throws SetkeyParseException {
        String w = k.text();
        if (!Numbers.isHex(w)) {
            throw TokenStream.error(k, "invalid hex key " + k.display() + " (expected hex digits after 0x)");
        }
        int digits = w.length() - 2;
        byte[] out = new byte[(digits + 1) / 2];
        int at = out.length * 2 - digits; // 1 when odd: the first byte holds one digit
        for (int i = 2; i < w.length(); i++, at++) {
            int d = Character.digit(w.charAt(i), 16);
            out[at / 2] |= (byte) ((at % 2 == 0) ? d << 4 : d);
        }
        return out;
    }
}
