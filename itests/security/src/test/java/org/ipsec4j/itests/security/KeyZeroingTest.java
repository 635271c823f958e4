package org.ipsec4j.itests.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Keys are zeroed when SAs are deleted, flushed or updated: the SA's {@link AlgorithmKey}s are destroyed (their bytes
 * zero, {@code key()} refused), the algorithm contexts that ESP and AH bound for every thread that used the SA are
 * closed, and no byte array reachable from the SA, its transform state or its contexts (ipsec4j's objects and the key
 * objects it hands the JCE) still holds the key. A separate test looks into the JDK's cipher objects as well.
 */
class KeyZeroingTest {

    @Test
    void deleteFlushAndUpdateZeroTheKeysAndCloseTheContexts() throws Exception {
        List<Family> keyed = Family.ALL.stream().filter(f -> !f.rule().startsWith("ipcomp/")).toList();
        try (Lab lab = new Lab(Family.ALL, 8)) {
            for (Family f : Family.ALL) { // one packet each: contexts bound on both sides
                assertEquals(Verdict.OK, lab.receive(lab.protect(Lab.plaintext(f, 1, 100)), Packets.buffer()), f.name());
            }
            Map<Family, Captured> receiver = new java.util.LinkedHashMap<>();
            Map<Family, Captured> sender = new java.util.LinkedHashMap<>();
            for (Family f : keyed) {
                receiver.put(f, Captured.of(lab.receiverSa(f)));
                sender.put(f, Captured.of(lab.sender.sad.get(Lab.id(f)).orElseThrow()));
                for (Captured c : List.of(receiver.get(f), sender.get(f))) {
                    assertFalse(c.contexts.isEmpty(), f + ": contexts bound");
                    c.assertLive(f.name());
                }
            }
            // the receiver: delete each SA by name; the sender: flush
            for (Family f : keyed) {
                String[] w = f.sa().split(" ");
                lab.receiver.setkey("delete " + w[1] + " " + w[2] + " " + w[3] + " " + w[4] + " ;\n");
            }
            assertEquals(0, lab.sender.run(List.of("-F"), "").status());
            for (Family f : keyed) {
                receiver.get(f).assertZeroed(f + " (deleted)");
                sender.get(f).assertZeroed(f + " (flushed)");
            }
        }
    }

    @Test
    void updateZeroesTheKeysItReplaces() throws Exception {
        Family f = Family.AES_CBC_SHA256;
        try (Lab lab = new Lab(List.of(f), 8)) {
            assertEquals(Verdict.OK, lab.receive(lab.protect(Lab.plaintext(f, 1, 100)), Packets.buffer()));
            Captured old = Captured.of(lab.receiverSa(f));
            String updated = f.saStatement(8).replaceFirst("^add", "update")
                    .replace("0x2f8e4d1c0b9a87654321fedcba987654", "0x00000000000000000000000000000001")
                    .replaceAll("-A hmac-sha256 0x[0-9a-f]+", "-A hmac-sha256 0x" + "01".repeat(32));
            lab.receiver.setkey(updated);
            old.assertZeroed(f + " (updated)");
            assertEquals(Verdict.AUTH_FAILED,
                    lab.receive(lab.protect(Lab.plaintext(f, 2, 100)), Packets.buffer()), "the old keys are gone");
        }
    }

    /** An SA that dies of its hard lifetime, in seconds ({@code -lh}) or in bytes ({@code -bh}), is zeroed too. */
    @Test
    void hardExpiryZeroesTheKeys() throws Exception {
        Family seconds = Family.AES_GCM;
        Family bytes = Family.AES_CBC_SHA256;
        try (Lab lab = new Lab(List.of(seconds, bytes), 8)) {
            lab.receiver.setkey(seconds.saStatement(8).replaceFirst("^add", "update").replace(" -r 8 ", " -r 8 -lh 1 ")
                    + bytes.saStatement(8).replaceFirst("^add", "update").replace(" -r 8 ", " -r 8 -bh 300 "));
            for (Family f : List.of(seconds, bytes)) {
                assertEquals(Verdict.OK, lab.receive(lab.protect(Lab.plaintext(f, 1, 100)), Packets.buffer()), f.name());
            }
            Captured bySeconds = Captured.of(lab.receiverSa(seconds));
            Captured byBytes = Captured.of(lab.receiverSa(bytes));
            // the byte lifetime: 128 bytes counted so far, the next packets use up the 300
            Verdict last = Verdict.OK;
            for (int i = 2; i < 10 && last == Verdict.OK; i++) {
                last = lab.receive(lab.protect(Lab.plaintext(bytes, i, 100)), Packets.buffer());
            }
            assertEquals(Verdict.NO_SA, last, "the SA died of its byte lifetime");
            byBytes.assertZeroed(bytes + " (byte lifetime)");
            // the SAD's lifetime timer, as the SAD component runs it once a second
            try (org.ipsec4j.sad.ExpiryTimer timer = new org.ipsec4j.sad.ExpiryTimer(lab.receiver.sad,
                    java.time.Duration.ofMillis(200))) {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (lab.receiver.sad.get(Lab.id(seconds)).isPresent() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            }
            assertTrue(lab.receiver.sad.get(Lab.id(seconds)).isEmpty(), "the SA died of its hard lifetime");
            bySeconds.assertZeroed(seconds + " (hard lifetime)");
        }
    }

    /**
     * The JDK's cipher objects inside closed contexts: their AES key schedule (whose first words are the key) must be
     * gone too, as {@code JceHmacContext} re-keys its {@code Mac} with zeros. Reflection into {@code java.base} needs
     * the {@code --add-opens} the module's surefire configuration gives.
     */
    @Test
    void closedJceContextsLeaveNoKeyScheduleInTheJdkCiphers() throws Exception {
        try (Lab lab = new Lab(List.of(Family.AES_GCM, Family.AES_CBC_SHA256, Family.CHACHA20_POLY1305), 8)) {
            List<Captured> captured = new ArrayList<>();
            for (Family f : lab.families) {
                assertEquals(Verdict.OK, lab.receive(lab.protect(Lab.plaintext(f, 1, 100)), Packets.buffer()));
                captured.add(Captured.of(lab.receiverSa(f)));
            }
            Captured gcm = captured.get(0);
            assertTrue(holdsSchedule(gcm.contexts().get(0), gcm.keyBytes().get(0)), "control: the live schedule");
            assertEquals(0, lab.receiver.run(List.of("-F"), "").status());
            List<String> found = new ArrayList<>();
            for (int i = 0; i < captured.size(); i++) {
                Captured c = captured.get(i);
                for (AlgorithmContext ctx : c.contexts()) {
                    for (byte[] key : c.keyBytes()) {
                        if (holdsSchedule(ctx, key)) {
                            found.add(lab.families.get(i) + ": " + ctx);
                        }
                    }
                }
            }
            assertEquals(List.of(), found, "closed contexts whose JDK cipher still holds the key schedule");
        }
    }

    /** What an SA held before it went: its keys (and copies of their bytes) and its transform's contexts. */
    record Captured(SaEntry sa, List<AlgorithmKey> keys, List<byte[]> keyBytes, Object attachment,
            List<AlgorithmContext> contexts) {
        static Captured of(SaEntry sa) throws Exception {
            List<AlgorithmKey> keys = new ArrayList<>();
            sa.sa().encryption().ifPresent(keys::add);
            sa.sa().authentication().ifPresent(keys::add);
            List<byte[]> bytes = new ArrayList<>();
            for (AlgorithmKey k : keys) {
                if (k.keyBits() > 0) {
                    bytes.add(k.key());
                }
            }
            Object attachment = sa.attachment();
            List<AlgorithmContext> contexts = new ArrayList<>();
            reach(attachment, 0, new IdentityHashMap<>(), o -> {
                if (o instanceof AlgorithmContext c) {
                    contexts.add(c);
                }
                return false;
            }, false);
            return new Captured(sa, keys, bytes, attachment, contexts);
        }

        void assertLive(String what) throws Exception {
            for (AlgorithmKey k : keys) {
                assertFalse(k.isDestroyed(), what);
            }
            for (AlgorithmContext c : contexts) {
                assertFalse(c.toString().endsWith("(closed)"), what + ": " + c);
            }
            for (byte[] key : keyBytes) {
                assertTrue(holds(sa, key), what + ": the reflective search finds the live key (control)");
            }
        }

        void assertZeroed(String what) throws Exception {
            for (AlgorithmKey k : keys) {
                assertTrue(k.isDestroyed(), what + ": key destroyed");
                assertThrows(IllegalStateException.class, k::key, what);
                Field f = AlgorithmKey.class.getDeclaredField("key");
                f.setAccessible(true);
                for (byte b : (byte[]) f.get(k)) {
                    assertEquals(0, b, what + ": key bytes zeroed");
                }
            }
            for (AlgorithmContext c : contexts) {
                assertTrue(c.toString().endsWith("(closed)"), what + ": context " + c + " closed");
            }
            for (byte[] key : keyBytes) {
                assertFalse(holds(sa, key), what + ": the key is still reachable from the SA");
                assertFalse(holds(attachment, key), what + ": the key is still reachable from the transform state");
                for (AlgorithmContext c : contexts) {
                    assertFalse(holds(c, key), what + ": the key is still in " + c);
                }
            }
        }
    }

    /** Whether a byte array reachable from {@code root} contains {@code key} (a run of 8 or more of its bytes). */
    static boolean holds(Object root, byte[] key) throws Exception {
        int run = Math.min(8, key.length);
        return reach(root, 0, new IdentityHashMap<>(), o -> o instanceof byte[] b && contains(b, key, run), false);
    }

    /** Whether an {@code int[]} reachable from {@code root} holds the key as 32-bit words (an AES key schedule). */
    static boolean holdsSchedule(Object root, byte[] key) throws Exception {
        return reach(root, 0, new IdentityHashMap<>(), o -> o instanceof int[] words && containsWords(words, key)
                || o instanceof byte[] b && contains(b, key, Math.min(8, key.length)), true);
    }

    /** Whether {@code words} holds two consecutive 32-bit words of {@code key} (big-endian): an AES key schedule. */
    private static boolean containsWords(int[] words, byte[] key) {
        for (int k = 0; k + 8 <= key.length; k += 4) {
            int w0 = ((key[k] & 0xff) << 24) | ((key[k + 1] & 0xff) << 16) | ((key[k + 2] & 0xff) << 8) | (key[k + 3] & 0xff);
            int w1 = ((key[k + 4] & 0xff) << 24) | ((key[k + 5] & 0xff) << 16) | ((key[k + 6] & 0xff) << 8)
                    | (key[k + 7] & 0xff);
            for (int i = 0; i + 1 < words.length; i++) {
                if (words[i] == w0 && words[i + 1] == w1 && (w0 != 0 || w1 != 0)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean contains(byte[] hay, byte[] key, int run) {
        for (int k = 0; k + run <= key.length; k += run) {
            outer:
            for (int i = 0; i + run <= hay.length; i++) {
                for (int j = 0; j < run; j++) {
                    if (hay[i + j] != key[k + j]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Visits the object graph from {@code o} (fields, arrays) as far as reflection may, into the JDK's own objects only
     * when {@code intoJdk}; true when {@code hit} said so.
     */
    private static boolean reach(Object o, int depth, Map<Object, Boolean> seen,
            java.util.function.Predicate<Object> hit, boolean intoJdk) throws Exception {
        if (o == null || depth > 12 || seen.put(o, Boolean.TRUE) != null) {
            return false;
        }
        if (hit.test(o)) {
            return true;
        }
        Class<?> c = o.getClass();
        if (c.isArray()) {
            if (!c.getComponentType().isPrimitive()) {
                for (int i = 0; i < Array.getLength(o); i++) {
                    if (reach(Array.get(o, i), depth + 1, seen, hit, intoJdk)) {
                        return true;
                    }
                }
            }
            return false;
        }
        if (o instanceof Class<?> || o instanceof Thread || o instanceof ClassLoader || o instanceof String) {
            return false;
        }
        String name = c.getName();
        if (!intoJdk && (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("com.sun.")
                || name.startsWith("sun.") || name.startsWith("jdk."))) {
            return false;
        }
        for (; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                } catch (RuntimeException notOpen) {
                    continue; // inside the JDK: not ours to look into
                }
                if (reach(f.get(o), depth + 1, seen, hit, intoJdk)) {
                    return true;
                }
            }
        }
        return false;
    }
}
