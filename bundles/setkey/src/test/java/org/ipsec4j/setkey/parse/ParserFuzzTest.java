package org.ipsec4j.setkey.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ipsec4j.setkey.SetkeyParseException;
import org.junit.jupiter.api.Test;

/**
 * Thousands of mutated and random inputs: the parser must either succeed or throw a {@link SetkeyParseException}
 * whose line and column point at its token in the input; never anything else, never hang.
 */
class ParserFuzzTest {
    private static final long SEED = 0x5e7e7L;

    static final List<String> SEEDS = List.of(
            "add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ;",
            "add 192.0.2.1[4500] 198.51.100.7[4500] esp-udp 0x1000 -m tunnel -r 32 -u 5 -f zero-pad -lh 3600"
                    + " -ls 3000 -bh 100000 -bs 9000 -ctx 1 1 \"lbl\" -esn -E aes-gcm-16"
                    + " 0x00112233445566778899aabbccddeeff00112233;",
            "update -6 fe80::1%lo0 fe80::2%2 ah 0x200 -A hmac-sha256 0x" + "ab".repeat(32) + ";",
            "add 10.1.1.1 10.2.2.2 ipcomp 2 -C deflate -R;",
            "add 10.1.10.34 10.1.10.36 tcp 0x1000 -A tcp-md5 \"TCP-MD5 BGP secret\" ;",
            "get 10.1.1.1 10.2.2.2 esp 300 -m tunnel; delete 10.1.1.1 10.2.2.2 esp 300;",
            "deleteall 10.1.1.1 10.2.2.2 esp; flush esp; dump; spdflush; spddump;",
            "spdadd 10.1.1.0/24[any] 10.2.2.0/24[80] tcp -P out prio low + 5 ipsec"
                    + " esp/tunnel/10.1.1.1[4500]-10.2.2.2[4500]/unique:3 ah/transport//require;",
            "spdadd ::/0 ::/0 icmp6 135,0 -P in none ;\nspdadd 0.0.0.0 0.0.0.0 gre 1.2.3.4 -P out discard;",
            "spdupdate 10.0.0.0/8 10.0.0.0/8 any -ctx 1 2 \"x\" -P fwd priority -7 ipsec esp/transport/me-any;",
            "spddelete -4n 10.1.1.1 10.2.2.2 any -P out;\n# comment\nexit;",
            "spdadd 10.1.1.0/24 10.2.2.0/24 any -P ipsec esp/tunnel/10.1.1.1-10.2.2.2/use;");

    static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFX0123456789:.%-_,;/[]\"#+ \t\n\r()*!@\\'=\u00e4\u0000"
            + "\u007f\uD83D\uDE00\uFFFF";
    static final String[] WORDS = {"add", "update", "get", "delete", "deleteall", "flush", "dump", "spdadd",
            "spdupdate", "spddelete", "spdflush", "spddump", "exit", "getspi", "esp", "esp-old", "esp-udp", "ah",
            "ah-old", "ipcomp", "tcp", "-E", "-A", "-C", "-R", "-m", "-r", "-u", "-f", "-lh", "-ls", "-bh", "-bs",
            "-ctx", "-esn", "-P", "-4", "-6", "-n", "-46n", "in", "out", "fwd", "prio", "priority", "low", "def",
            "high", "+", "-", "discard", "none", "ipsec", "entrust", "bypass", "esp/transport//require",
            "esp/tunnel/10.1.1.1-10.2.2.2/unique:1", "me-any", "any-me", "any", "icmp6", "135,0", "gre", ";", "/",
            "[", "]", "[any]", "10.1.1.1", "::1", "fe80::1%lo0", "10.0.0.0/8", "0x1000", "300", "4294967296",
            "des-cbc", "aes-gcm-16", "hmac-sha1", "null", "deflate", "\"hogehoge\"", "0x3ffe05014819ffff", "\"",
            "#", "\n", "99999999999999999999", "0xffffffffffffffffff", "-1", "65536", "256", "tunnel", "transport", "zero-pad", "nocyclic-seq", "unique:0", "use", "default", "//"};

    @Test
    void mutatedAndRandomInputsOnlyEverFailWithAParseError() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            Random rnd = new Random(SEED);
            int ok = 0;
            int errors = 0;
            for (int i = 0; i < 30_000; i++) {
                String input = switch (i % 4) {
                    case 0, 1 -> mutate(rnd, SEEDS.get(rnd.nextInt(SEEDS.size())));
                    case 2 -> randomWords(rnd);
                    default -> randomChars(rnd);
                };
                if (check(input, i)) {
                    ok++;
                } else {
                    errors++;
                }
            }
            assertTrue(ok > 100, "some mutations stay valid: " + ok);
            assertTrue(errors > 10_000, "most inputs are wrong: " + errors);
        });
    }

    @Test
    void hugeAndPathologicalInputsFinishQuickly() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            check("\"".repeat(200_001), -1);
            check("#".repeat(500_000), -1);
            check("a".repeat(500_000), -1);
            check("add " + "1".repeat(500_000), -1);
            check("add 10.1.1.1 10.2.2.2 esp 0x" + "f".repeat(500_000) + ";", -1);
            check("add 10.1.1.1 10.2.2.2 esp 300 -E des-cbc 0x" + "0".repeat(500_000) + ";", -1);
            check("spdadd ::/0 ::/0 any -P out ipsec " + "esp/transport//use ".repeat(50_000) + ";", -1);
            check("spdadd ::/0 ::/0 any -P out prio " + "-".repeat(100_000) + ";", -1);
            check(";".repeat(100_000), -1);
            check("[".repeat(100_000), -1);
            check(":".repeat(100_000), -1);
            check("add " + ":".repeat(100_000) + " ::1 esp 300 -E null;", -1);
            check("flush;\n".repeat(100_000), -1);
        });
    }

    /** Parses; on error checks the position against the input. Returns whether the input parsed. */
    static boolean check(String input, int round) {
        try {
            SetkeyParser.parse(input);
            return true;
        } catch (SetkeyParseException e) {
            assertPointsAtToken(input, e);
            return false;
        } catch (RuntimeException | Error e) {
            return fail("round " + round + " (seed " + SEED + "): " + e + " for input "
                    + SetkeyLexer.quote(input) + " (" + input.length() + " chars)", e);
        }
    }

    private static void assertPointsAtToken(String input, SetkeyParseException e) {
        assertTrue(e.line() >= 1 && e.column() >= 1, e.getMessage());
        assertEquals("line " + e.line() + ", column " + e.column() + ": " + e.problem(), e.getMessage());
        int offset = 0;
        for (int l = 1; l < e.line(); l++) {
            offset = input.indexOf('\n', offset) + 1;
            assertTrue(offset > 0, () -> "line beyond the input: " + e.getMessage());
        }
        offset += e.column() - 1;
        assertTrue(offset <= input.length(), e::getMessage);
        int o = offset;
        assertTrue(input.startsWith(e.token(), o), () -> "token " + SetkeyLexer.quote(e.token()) + " not at "
                + e.getMessage() + " in " + SetkeyLexer.quote(input));
        if (e.token().isEmpty()) {
            assertTrue(input.substring(o).isBlank() || input.substring(o).trim().startsWith("#"), e::getMessage);
        }
    }

    private static String mutate(Random rnd, String s) {
        StringBuilder sb = new StringBuilder(s);
        int n = 1 + rnd.nextInt(4);
        for (int k = 0; k < n; k++) {
            int at = sb.isEmpty() ? 0 : rnd.nextInt(sb.length() + 1);
            switch (rnd.nextInt(7)) {
                case 0 -> { // delete a span
                    int end = Math.min(sb.length(), at + 1 + rnd.nextInt(6));
                    if (at < end) {
                        sb.delete(at, end);
                    }
                }
                case 1 -> sb.insert(at, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
                case 2 -> sb.insert(at, " " + WORDS[rnd.nextInt(WORDS.length)] + " ");
                case 3 -> { // duplicate a span
                    int end = Math.min(sb.length(), at + rnd.nextInt(20));
                    sb.insert(at, sb.substring(at, end));
                }
                case 4 -> sb.setLength(at); // truncate
                case 5 -> { // replace a char with a digit or separator
                    if (at < sb.length()) {
                        sb.setCharAt(at, "0123456789;/-.:[]".charAt(rnd.nextInt(17)));
                    }
                }
                default -> { // swap two blank-separated words
                    String[] w = sb.toString().split(" ", -1);
                    if (w.length > 2) {
                        int a = rnd.nextInt(w.length);
                        int b = rnd.nextInt(w.length);
                        String t = w[a];
                        w[a] = w[b];
                        w[b] = t;
                        sb = new StringBuilder(String.join(" ", w));
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String randomWords(Random rnd) {
        List<String> out = new ArrayList<>();
        int n = rnd.nextInt(30);
        for (int i = 0; i < n; i++) {
            out.add(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return String.join(rnd.nextBoolean() ? " " : "", out);
    }

    private static String randomChars(Random rnd) {
        int n = rnd.nextInt(80);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
