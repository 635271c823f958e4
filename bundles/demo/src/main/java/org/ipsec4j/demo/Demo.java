package org.ipsec4j.demo;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code bin/ipsec4j demo}: the KAME guide's two scenarios, each on in-memory links in this JVM, without root and
 * without an OSGi framework. Prints the setkey statements, the first packets as they look inside the hosts or sites
 * and on the wire, ping's replies, and {@code setkey -D} with the SA counters.
 *
 * <pre>
 * java org.ipsec4j.demo.Demo [1|2] [-c COUNT]      both scenarios by default, 3 pings each
 * </pre>
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int status = run(args, out, System.err);
        if (status != 0) System.exit(status);
    }

    /** The class of {@code ipsec4j demo --netns}: the scenarios over network namespaces, where the build has it. */
    static final String NETNS_DEMO = "org.ipsec4j.demo.NetnsDemo";

    /** Runs the demo; returns the exit status (2 for bad arguments). */
    public static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        if (args.length > 0 && args[0].equals("--netns")) return netns(java.util.Arrays.copyOfRange(args, 1, args.length), err);
        boolean one = true;
        boolean two = true;
        int count = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "1" -> two = false;
                case "2" -> one = false;
                case "-c" -> {
                    if (i + 1 >= args.length) return usage(err);
                    try {
                        count = Integer.parseInt(args[++i]);
                    } catch (NumberFormatException e) {
                        return usage(err);
                    }
                    if (count < 1 || count > 1000) return usage(err);
                }
                default -> {
                    return usage(err);
                }
            }
        }
        DemoAlgorithms algorithms = new DemoAlgorithms();
        if (one) TransportScenario.run(out, algorithms, count);
        if (two) TunnelScenario.run(out, algorithms, count);
        out.flush();
        return 0;
    }

    /** Hands {@code --netns} to {@link #NETNS_DEMO}'s {@code main}; status 2 when this build has no such class. */
    private static int netns(String[] args, PrintStream err) {
        Class<?> c;
        try {
            c = Class.forName(NETNS_DEMO);
        } catch (ClassNotFoundException e) {
            err.println("ipsec4j demo --netns: not available in this build (no " + NETNS_DEMO + ")");
            return 2;
        }
        try {
            c.getMethod("main", String[].class).invoke(null, (Object) args);
            return 0;
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error er) throw er;
            err.println("ipsec4j demo --netns: " + cause);
            return 1;
        } catch (ReflectiveOperationException e) {
            err.println("ipsec4j demo --netns: " + NETNS_DEMO + " has no public static main(String[]): " + e);
            return 2;
        }
    }

    private static int usage(PrintStream err) {
        err.println("usage: ipsec4j demo [1|2] [-c COUNT]   (or: ipsec4j demo --netns ...)");
        return 2;
    }

    /** Prints setkey statements as the guide shows them. */
    static void setkey(PrintStream out, String where, String statements) {
        out.println(where + ":");
        out.println("# setkey -c <<EOF");
        out.print(statements);
        out.println("EOF");
    }
}
