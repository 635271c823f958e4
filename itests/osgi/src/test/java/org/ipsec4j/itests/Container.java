package org.ipsec4j.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** What the hot-swap tests do to the running container: find bundles, wait for a condition, run Gogo commands. */
final class Container {
    static final String CIPHER_BC = "org.ipsec4j.ipsec4j-cipher-bc";
    static final String CIPHER_JCE = "org.ipsec4j.ipsec4j-cipher-jce";
    static final String ESP = "org.ipsec4j.ipsec4j-esp";

    private Container() {
    }

    /** The installed bundle of this symbolic name. */
    static Bundle bundle(BundleContext context, String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
    }

    /** Waits up to 10 s for {@code condition}; fails with {@code what} otherwise. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }

    /** One Gogo command's outcome. */
    record Gogo(boolean failed, String out, String err) {
    }

    /** Runs {@code command} in a new Gogo session with {@code input} as its standard input. */
    static Gogo gogo(CommandProcessor processor, String command, String input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        boolean failed = false;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            CommandSession session = processor.createSession(
                    new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), o, e);
            try {
                session.execute(command);
            } catch (Exception ex) {
                failed = true;
                e.println(ex.getMessage());
            } finally {
                session.close();
            }
        }
        return new Gogo(failed, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
