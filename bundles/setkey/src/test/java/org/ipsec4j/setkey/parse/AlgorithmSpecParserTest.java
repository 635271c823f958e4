package org.ipsec4j.setkey.parse;

import static org.ipsec4j.setkey.parse.Parsing.fails;
import static org.ipsec4j.setkey.parse.Parsing.hex;
import static org.ipsec4j.setkey.parse.Parsing.sa;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.setkey.SetkeyAlgorithms;
import org.ipsec4j.setkey.SetkeyAlgorithms.Algorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** -E, -A, -C: names, aliases, keys, key lengths, and which protocol takes which. */
class AlgorithmSpecParserTest {
    static final String ESP = "add 10.1.1.1 10.2.2.2 esp 0x1000 ";
    static final String AH = "add 10.1.1.1 10.2.2.2 ah 0x1000 ";
    static final String ENC_NAMES = "des-cbc, 3des-cbc, null, blowfish-cbc, cast128-cbc, des-deriv, des-32iv,"
            + " aes-cbc, twofish-cbc, aes-ctr, camellia-cbc, aes-gcm-16, aes-gcm-12, aes-gcm-8, aes-gmac,"
            + " chacha20-poly1305";
    static final String AUTH_NAMES = "hmac-md5, hmac-sha1, keyed-md5, keyed-sha1, hmac-sha256, hmac-sha256-96,"
            + " hmac-sha384, hmac-sha512, hmac-ripemd160, aes-xcbc-mac, aes-cmac, tcp-md5, null";

    /** 0x and {@code bits / 4} hex digits: 00 01 02 ... */
    static String hexKey(int bits) {
        StringBuilder sb = new StringBuilder("0x");
        for (int i = 0; i < bits / 8; i++) {
            sb.append(String.format("%02x", i & 0xff));
        }
        return sb.toString();
    }

    static Stream<Algorithm> keyed(AlgorithmKind... kinds) {
        return SetkeyAlgorithms.ofKind(kinds).stream().filter(Algorithm::takesKey);
    }

    static Stream<Algorithm> encryptionWithKey() {
        return keyed(AlgorithmKind.ENCRYPTION, AlgorithmKind.AEAD)
                .filter(a -> !a.name().equals("des-32iv"));
    }

    static Stream<Algorithm> integrityWithKey() {
        return keyed(AlgorithmKind.INTEGRITY).filter(a -> !a.name().equals("tcp-md5"));
    }

    @ParameterizedTest
    @MethodSource("encryptionWithKey")
    void everyEncryptionAlgorithmAtEveryAcceptedKeyLength(Algorithm a) {
        for (int bits = a.keySizes().minBits(); bits <= a.keySizes().maxBits(); bits += a.keySizes().stepBits()) {
            SecurityAssociation s = sa(ESP + "-E " + a.name() + " " + hexKey(bits) + ";");
            AlgorithmKey k = s.encryption().orElseThrow();
            assertEquals(a.name(), k.name());
            assertArrayEquals(hex(hexKey(bits).substring(2)), k.key());
        }
        int tooShort = a.keySizes().minBits() - 8;
        fails(ESP + "-E " + a.name() + " " + hexKey(tooShort) + ";", 1, 38 + a.name().length(), hexKey(tooShort),
                "wrong key length for " + a.name() + ": " + tooShort + " bits given, " + a.name() + " takes "
                        + a.keySizes().describe());
    }

    @ParameterizedTest
    @MethodSource("integrityWithKey")
    void everyAuthenticationAlgorithmWithAhAndWithEsp(Algorithm a) {
        int bits = a.keySizes().minBits();
        AlgorithmKey k = sa(AH + "-A " + a.name() + " " + hexKey(bits) + ";").authentication().orElseThrow();
        assertEquals(a.name(), k.name());
        assertEquals(bits, k.keyBits());
        SecurityAssociation s = sa(ESP + "-E aes-cbc " + hexKey(128) + " -A " + a.name() + " " + hexKey(bits) + ";");
        assertEquals("aes-cbc", s.encryption().orElseThrow().name());
        assertEquals(a.name(), s.authentication().orElseThrow().name());
        fails(AH + "-A " + a.name() + " " + hexKey(bits + 8) + ";", 1, 37 + a.name().length(), hexKey(bits + 8),
                "wrong key length for " + a.name() + ": " + (bits + 8) + " bits given, " + a.name() + " takes "
                        + a.keySizes().describe());
    }

    @ParameterizedTest
    @CsvSource({"rijndael-cbc, aes-cbc, 128", "hmac-sha2-256, hmac-sha256, 256", "hmac-sha2-384, hmac-sha384, 384",
            "hmac-sha2-512, hmac-sha512, 512"})
    void aliasesBecomeCanonicalNames(String alias, String canonical, int bits) {
        SecurityAssociation s = alias.startsWith("hmac")
                ? sa(AH + "-A " + alias + " " + hexKey(bits) + ";")
                : sa(ESP + "-E " + alias + " " + hexKey(bits) + ";");
        AlgorithmKey k = s.encryption().or(s::authentication).orElseThrow();
        assertEquals(canonical, k.name());
    }

    @Test
    void linuxsHmacSha256With96BitIcvHasItsOwnNameAndTheSameKey() {
        String key = "0x" + "0123456789abcdef".repeat(4);
        SecurityAssociation s = sa(ESP + "-E aes-cbc " + hexKey(128) + " -A hmac-sha256-96 " + key + ";");
        assertEquals("hmac-sha256-96", s.authentication().orElseThrow().name());
        assertArrayEquals(hex(key.substring(2)), s.authentication().orElseThrow().key());
        assertEquals("hmac-sha256", sa(AH + "-A hmac-sha256 " + key + ";").authentication().orElseThrow().name());
        fails(AH + "-A hmac-sha256-96 " + hexKey(160) + ";", 1, 51, hexKey(160),
                "wrong key length for hmac-sha256-96: 160 bits given, hmac-sha256-96 takes 256 bits");
    }

    @Test
    void nullAlgorithmsTakeNoKey() {
        SecurityAssociation s = sa(ESP + "-E null -A null;");
        assertEquals(0, s.encryption().orElseThrow().keyBits());
        assertEquals("null", s.encryption().orElseThrow().name());
        assertEquals("null", s.authentication().orElseThrow().name());
        assertEquals("null", sa(ESP + "-E simple;").encryption().orElseThrow().name());
        assertEquals("null", sa(AH + "-A null;").authentication().orElseThrow().name());
        fails(ESP + "-E null \"key\";", 1, 42, "\"key\"", "null takes no key");
        fails(ESP + "-E null -A null 0x00;", 1, 50, "0x00", "null takes no key");
    }

    @Test
    void quotedKeysAreTheStringsBytes() {
        SecurityAssociation s = sa(AH + "-A hmac-md5 \"authentication!!\";");
        assertArrayEquals("authentication!!".getBytes(StandardCharsets.US_ASCII),
                s.authentication().orElseThrow().key());
        byte[] utf8 = "äöü12".getBytes(StandardCharsets.UTF_8);
        assertEquals(8, utf8.length);
        assertArrayEquals(utf8, sa(ESP + "-E des-cbc \"äöü12\";").encryption().orElseThrow().key());
        fails(ESP + "-E des-cbc \"äöü123\";", 1, 45, "\"äöü123\"",
                "wrong key length for des-cbc: 72 bits given, des-cbc takes 64 bits");
    }

    @Test
    void quotedKeysMayHoldBlanksHashesAndSemicolons() {
        SecurityAssociation s = sa(ESP + "-E des-cbc \"a #b; c\n\";");
        assertArrayEquals("a #b; c\n".getBytes(StandardCharsets.US_ASCII), s.encryption().orElseThrow().key());
    }

    @Test
    void hexKeysInEitherCaseAndOddLengthReadWithALeadingZero() {
        assertArrayEquals(hex("3ffe05014819ffff"), sa(ESP + "-E des-cbc 0x3FFE05014819FfFf;").encryption()
                .orElseThrow().key());
        assertArrayEquals(hex("0123456789abcdef"), sa(ESP + "-E des-cbc 0X123456789abcdef;").encryption()
                .orElseThrow().key());
    }

    @Test
    void keyErrors() {
        fails(ESP + "-E des-cbc 0x3ffe0501481gffff;", 1, 45, "0x3ffe0501481gffff",
                "invalid hex key a hex string of 16 characters (not shown: it may be a key) (expected hex digits after 0x)");
        fails(ESP + "-E des-cbc 0x;", 1, 45, "0x", "invalid hex key \"0x\" (expected hex digits after 0x)");
        fails(ESP + "-E des-cbc hogehoge;", 1, 45, "hogehoge",
                "expected a key for des-cbc (a \"string\" or 0x and hex digits), found \"hogehoge\"");
        fails(ESP + "-E des-cbc;", 1, 44, ";",
                "expected a key for des-cbc (a \"string\" or 0x and hex digits), found \";\"");
        fails(ESP + "-E des-cbc \"\";", 1, 45, "\"\"", "wrong key length for des-cbc: 0 bits given, des-cbc takes 64 bits");
        fails(ESP + "-E blowfish-cbc " + hexKey(456) + ";", 1, 50, hexKey(456),
                "wrong key length for blowfish-cbc: 456 bits given, blowfish-cbc takes 40 to 448 bits in steps of 8");
        fails(ESP + "-E aes-gcm-16 " + hexKey(128) + ";", 1, 48, hexKey(128),
                "wrong key length for aes-gcm-16: 128 bits given, aes-gcm-16 takes 160, 224 or 288 bits");
    }

    @Test
    void unknownAndMisplacedAlgorithmNames() {
        fails(ESP + "-E des-cbcx \"hogehoge\";", 1, 37, "des-cbcx",
                "unknown encryption algorithm \"des-cbcx\" (known: " + ENC_NAMES + ")");
        fails(AH + "-A hmac-sha257 \"k\";", 1, 36, "hmac-sha257",
                "unknown authentication algorithm \"hmac-sha257\" (known: " + AUTH_NAMES + ")");
        fails("add 10.1.1.1 10.2.2.2 ipcomp 300 -C gzip;", 1, 37, "gzip",
                "unknown compression algorithm \"gzip\" (known: deflate, lzs, oui)");
        fails(ESP + "-E hmac-sha1 \"k\";", 1, 37, "hmac-sha1",
                "\"hmac-sha1\" is an authentication algorithm: use it with -A, not -E");
        fails(ESP + "-E deflate;", 1, 37, "deflate",
                "\"deflate\" is a compression algorithm: use it with -C on an ipcomp SA");
        fails(AH + "-A aes-cbc \"k\";", 1, 36, "aes-cbc", "\"aes-cbc\" is an encryption algorithm: use it with -E, not -A");
        fails(ESP + "-E ;", 1, 37, ";", "expected an encryption algorithm after -E, found \";\"");
        fails(AH + "-A \"k\";", 1, 36, "\"k\"", "expected an authentication algorithm after -A, found a quoted string of 1 character (not shown: it may be a key)");
        fails("add 10.1.1.1 10.2.2.2 ipcomp 300 -C;", 1, 36, ";",
                "expected a compression algorithm after -C, found \";\"");
        fails(ESP + "-E", 1, 36, "", "unexpected end of input, expected an encryption algorithm after -E");
    }

    @Test
    void espNeedsEncryptionAndMayAddAuthentication() {
        fails(ESP + "-A hmac-sha1 0x00112233445566778899aabbccddeeff00112233;", 1, 34, "-A",
                "esp needs an encryption algorithm first: esp takes -E ealgo key [-A aalgo key]");
        fails(ESP + "-C deflate;", 1, 34, "-C", "-C (compression) applies to ipcomp SAs only: esp takes -E ealgo"
                + " key [-A aalgo key]");
        fails(ESP + ";", 1, 34, ";", "expected an algorithm (esp takes -E ealgo key [-A aalgo key]), found \";\"");
        fails(ESP + "-A hmac-sha1 \"k\" -E null;", 1, 34, "-A",
                "esp needs an encryption algorithm first: esp takes -E ealgo key [-A aalgo key]");
        fails(ESP + "-E null -A hmac-md5 \"0123456789abcdef\" -A hmac-md5 \"0123456789abcdef\";", 1, 73, "-A",
                "expected \";\" after the algorithms, found \"-A\"");
    }

    @Test
    void combinedModeAlgorithmsBringTheirOwnIntegrity() {
        SecurityAssociation s = sa(ESP + "-E aes-gcm-16 " + hexKey(288) + ";");
        assertEquals("aes-gcm-16", s.encryption().orElseThrow().name());
        assertEquals(Optional.empty(), s.authentication());
        fails(ESP + "-E chacha20-poly1305 " + hexKey(288) + " -A hmac-sha1 \"k\";", 1, 130, "-A",
                "chacha20-poly1305 is a combined-mode algorithm with its own integrity check: -A is not allowed"
                        + " with it");
    }

    @Test
    void espOldRules() {
        SecurityAssociation s = sa("add 10.1.1.1 10.2.2.2 esp-old 300 -E des-32iv \"hogehoge\";");
        assertEquals("des-32iv", s.encryption().orElseThrow().name());
        String old = "add 10.1.1.1 10.2.2.2 esp-old 300 ";
        fails(old + "-E des-cbc \"hogehoge\" -A hmac-md5 \"0123456789abcdef\";", 1, 57, "-A",
                "esp-old (RFC 1827) has no integrity check: -A is not allowed (use esp)");
        fails(old + "-E des-deriv \"hogehoge\";", 1, 38, "des-deriv",
                "des-deriv needs new-format ESP: use esp, not esp-old");
        fails(old + "-E aes-gcm-8 " + hexKey(160) + ";", 1, 38, "aes-gcm-8",
                "aes-gcm-8 needs new-format ESP (RFC 4303): use esp, not esp-old");
        fails(ESP + "-E des-32iv \"hogehoge\";", 1, 37, "des-32iv",
                "des-32iv (4-byte IV) exists only for esp-old, not esp");
        assertEquals("des-deriv", sa(ESP + "-E des-deriv \"hogehoge\";").encryption().orElseThrow().name());
    }

    @Test
    void ahTakesAuthenticationOnly() {
        fails(AH + "-E des-cbc \"hogehoge\";", 1, 33, "-E",
                "-E (encryption) does not apply to ah SAs: ah takes -A aalgo key");
        fails("add 10.1.1.1 10.2.2.2 ah-old 300 -C deflate;", 1, 34, "-C",
                "-C (compression) applies to ipcomp SAs only: ah-old takes -A aalgo key");
        fails(AH + ";", 1, 33, ";", "expected an algorithm (ah takes -A aalgo key), found \";\"");
    }

    @Test
    void ipcompTakesCompressionAndRawCpi() {
        SecurityAssociation s = sa("add 10.1.1.1 10.2.2.2 ipcomp 0x1000 -C deflate;");
        assertEquals("deflate", s.compression().orElseThrow().name());
        assertEquals(0, s.compression().orElseThrow().keyBits());
        assertFalse(s.rawCpi());
        SecurityAssociation raw = sa("add 10.1.1.1 10.2.2.2 ipcomp 3 -C lzs -R;");
        assertEquals("lzs", raw.compression().orElseThrow().name());
        assertTrue(raw.rawCpi());
        assertEquals("oui", sa("add 10.1.1.1 10.2.2.2 ipcomp 1 -C oui -R ;").compression().orElseThrow().name());
        String ipc = "add 10.1.1.1 10.2.2.2 ipcomp 300 ";
        fails(ipc + "-E null;", 1, 34, "-E", "-E (encryption) does not apply to ipcomp SAs: ipcomp takes -C calgo [-R]");
        fails(ipc + "-A null;", 1, 34, "-A", "-A (authentication) does not apply to ipcomp SAs: ipcomp takes"
                + " -C calgo [-R]");
        fails(ipc + "-C deflate \"key\";", 1, 45, "\"key\"", "deflate takes no key");
        fails(ESP + "-E null -R;", 1, 42, "-R", "-R belongs after -C calgo on an ipcomp SA");
    }

    @Test
    void tcpTakesTcpMd5Only() {
        SecurityAssociation s = sa("add 10.1.10.34 10.1.10.36 tcp 0x1000 -A tcp-md5 \"TCP-MD5 BGP secret\" ;");
        assertEquals("tcp-md5", s.authentication().orElseThrow().name());
        assertEquals(144, s.authentication().orElseThrow().keyBits());
        String tcp = "add 10.1.1.1 10.2.2.2 tcp 0x1000 ";
        fails(tcp + "-A hmac-md5 \"0123456789abcdef\";", 1, 37, "hmac-md5",
                "tcp SAs (RFC 2385) take -A tcp-md5, not hmac-md5");
        fails(AH + "-A tcp-md5 \"secret\";", 1, 36, "tcp-md5", "tcp-md5 is only for tcp SAs, not ah");
        fails(tcp + "-A tcp-md5 " + hexKey(648) + ";", 1, 45, hexKey(648),
                "wrong key length for tcp-md5: 648 bits given, tcp-md5 takes 8 to 640 bits in steps of 8");
        fails(tcp + "-E null;", 1, 34, "-E", "-E (encryption) does not apply to tcp SAs: tcp takes -A tcp-md5 key");
    }
}
