package org.ipsec4j.itests.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The ICV checks compare in constant time. Read from the sources of the bundles (the tests run inside the
 * repository): every {@code IntegrityContext.verify} implementation ends in {@code MessageDigest.isEqual} (directly or
 * through {@code IcvCompare}); ESP and AH check ICVs only through those contexts and the AEAD contexts' {@code open};
 * no ICV bytes are compared with {@code Arrays.equals} or {@code mismatch} anywhere on the data path (the only uses
 * are the IV repeat checks of sealing, which compare our own IVs). For the AEAD algorithms the tag is checked inside the
 * library: the Bouncy Castle and JDK classes that do it are checked to use their constant-time comparisons. No timing
 * measurement: a statistical test would be flaky on a shared machine.
 */
class ConstantTimeIcvTest {
    private static final Path BUNDLES = Path.of(System.getProperty("ipsec4j.bundles", "../../bundles"));
    /** The data path's bundles, where an ICV could be compared. */
    private static final List<String> DATA_PATH = List.of("esp", "ah", "ipcomp", "algorithms", "cipher-jce",
            "cipher-bc", "engine", "sad");

    @Test
    void everyIntegrityVerifyComparesWithMessageDigestIsEqual() throws IOException {
        Pattern verify = Pattern.compile("public (final )?boolean verify\\(byte\\[\\] \\w+, int \\w+, int \\w+\\) \\{");
        List<String> found = new ArrayList<>();
        for (Path file : sources()) {
            String src = Files.readString(file);
            Matcher m = verify.matcher(src);
            while (m.find()) {
                String body = body(src, m.end() - 1);
                String name = BUNDLES.relativize(file).toString();
                found.add(name);
                if (name.endsWith("NullIntegrityContext.java")) {
                    // -A null: an empty ICV, refused unless its length is 0 (finish checks it), then nothing to compare
                    assertTrue(body.contains("finish(icv, icvOff, icvLength)") && body.contains("return true"), body);
                    continue;
                }
                assertTrue(body.contains("MessageDigest.isEqual(") || body.contains("compare.equal("),
                        name + ": verify must compare in constant time:\n" + body);
            }
        }
        assertTrue(found.stream().anyMatch(n -> n.endsWith("TruncatedMacContext.java")), "found: " + found);
        assertTrue(found.stream().anyMatch(n -> n.endsWith("IntegrityContext.java")), "found: " + found);
        String compare = Files.readString(BUNDLES.resolve(
                "algorithms/src/main/java/org/ipsec4j/algorithms/support/IcvCompare.java"));
        String equal = body(compare, compare.indexOf("public boolean equal(") + compare.substring(
                compare.indexOf("public boolean equal(")).indexOf('{'));
        assertTrue(equal.contains("MessageDigest.isEqual(computed, received)"), equal);
        assertFalse(equal.contains("for ("), "no early-exit loop: " + equal);
    }

    @Test
    void espAndAhCheckIcvsOnlyThroughTheContexts() throws IOException {
        String esp = Files.readString(BUNDLES.resolve("esp/src/main/java/org/ipsec4j/esp/EspInput.java"));
        assertTrue(esp.contains("b.integrity.verify(buf, trailerEnd)"), "ESP: integrity context");
        assertTrue(esp.contains("b.aead.open("), "ESP: AEAD context");
        String ah = Files.readString(BUNDLES.resolve("ah/src/main/java/org/ipsec4j/ah/AhIcv.java"));
        assertTrue(ah.contains("b.mac.verify(t.icv, 0, b.icvSize)"), "AH: integrity context");
        assertTrue(ah.contains("b.gmac.open("), "AH: GMAC context");
    }

    @Test
    void noIcvIsComparedWithArraysEqualsOnTheDataPath() throws IOException {
        Pattern comparison = Pattern.compile("Arrays\\.(equals|mismatch)\\(|\\bbcmp\\b");
        List<String> uses = new ArrayList<>();
        for (Path file : sources()) {
            String name = BUNDLES.relativize(file).toString();
            if (DATA_PATH.stream().noneMatch(b -> name.startsWith(b + "/"))) {
                continue;
            }
            String[] lines = Files.readString(file).split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (comparison.matcher(lines[i]).find()) {
                    uses.add(name.substring(name.lastIndexOf('/') + 1) + ": " + lines[i].trim());
                }
            }
        }
        // each remaining use compares something that is not an ICV
        List<String> allowed = List.of(
                "BcAeadContext.java: if (sealedOnce && Arrays.equals(lastSealIv, 0, 8, iv, ivOff, ivOff + 8)) {",
                "BcAeadContext.java: if (forEncryption && Arrays.equals(nonce, lastInitNonce)) {",
                "JceAeadContext.java: if (sealedOnce && Arrays.equals(lastSealIv, 0, 8, iv, ivOff, ivOff + 8)) {",
                "JceAeadContext.java: if (initialised && Arrays.equals(nonce, lastInitNonce)) {",
                "LocalAddresses.java: if (Arrays.equals(x, b)) return false;",
                "LocalAddresses.java: if (Arrays.equals(cur[i], b)) {",
                "LocalAddresses.java: if (a.length == len && Arrays.equals(a, 0, len, buf, off, off + len)) return true;");
        List<String> unexpected = new ArrayList<>();
        for (String u : uses) {
            if (!allowed.contains(u) && !u.contains("java.util.Arrays.equals(buf, sourceOffset()")
                    && !u.contains("java.util.Arrays.equals(buf, destinationOffset()")
                    && !u.contains("java.util.Arrays.equals(ip.buf, ip.destinationOffset()")
                    && !u.startsWith("EchoClient.java") && !u.startsWith("Reassembler.java")) {
                unexpected.add(u);
            }
        }
        assertEquals(List.of(), unexpected, "byte comparisons on the data path that are not known to be safe");
    }

    @Test
    void theLibrariesCheckAeadTagsInConstantTime() throws IOException {
        assertTrue(refers("org/bouncycastle/crypto/modes/GCMBlockCipher.class", "constantTimeAreEqual"),
                "Bouncy Castle GCM");
        assertTrue(refers("org/bouncycastle/crypto/modes/ChaCha20Poly1305.class", "constantTimeAreEqual"),
                "Bouncy Castle ChaCha20-Poly1305");
        assertTrue(refers("com/sun/crypto/provider/ChaCha20Cipher.class", "isEqual"), "JDK ChaCha20-Poly1305");
        // the JDK's GCM (GaloisCounterMode.GCMDecrypt) ORs the XOR of every tag byte, without an early exit: a loop
        // that a constant-pool check cannot tell from another, so it is not checked here (see docs/SECURITY.md)
    }

    /** Whether the class file {@code resource} names {@code symbol} in its constant pool. */
    private static boolean refers(String resource, String symbol) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(resource)) {
            assertTrue(in != null, "no class file " + resource);
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(symbol);
        }
    }

    private static List<Path> sources() throws IOException {
        assertTrue(Files.isDirectory(BUNDLES), "the bundles' sources at " + BUNDLES.toAbsolutePath());
        try (Stream<Path> s = Files.walk(BUNDLES)) {
            return s.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")).toList();
        }
    }

    /** The body of the block whose opening brace is at {@code open}. */
    private static String body(String src, int open) {
        int depth = 0;
        for (int i = open; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return src.substring(open, i + 1);
            }
        }
        throw new AssertionError("unbalanced braces");
    }
}
