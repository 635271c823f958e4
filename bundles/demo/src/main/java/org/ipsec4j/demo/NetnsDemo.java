package org.ipsec4j.demo;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ipsec4j.demo.netns.Capture;
import org.ipsec4j.demo.netns.EndHosts;
import org.ipsec4j.demo.netns.Family;
import org.ipsec4j.demo.netns.Installation;
import org.ipsec4j.demo.netns.Netns;
import org.ipsec4j.demo.netns.Sites;
import org.ipsec4j.demo.netns.Transfer;

/**
 * {@code ipsec4j demo --netns}: the KAME guide's two scenarios with real gateways of this installation between Linux
 * network namespaces (root only): the end hosts A and B in end-host mode (TUN and pcap ports) with a plain host C, and
 * the sites X and Y behind the gateways GA and GB (two pcap ports each, tunnel mode, {@code require}). It prints what it
 * builds, the setkey statements, what ping, a TCP transfer and a capture of the link show, and whether each came out
 * as the guide says; it deletes everything it made. Exit status 0 when every check held, 1 when one did not, 2 for bad
 * arguments or when it cannot run here.
 *
 * <pre>
 * ipsec4j demo --netns [1|2] [-4|-6] [-m MIB] [-w DIR]
 *   1, 2   only the end hosts, only the sites          -4, -6   only IPv4, only IPv6
 *   -m     MiB for the TCP transfers (default 10)      -w DIR   keep configurations, logs and captures in DIR
 * </pre>
 */
public final class NetnsDemo {
    private final PrintStream out;
    private final long bytes;
    private final Path home;
    private final Path work;
    private final List<String> failures = new ArrayList<>();

    private NetnsDemo(PrintStream out, long bytes, Path home, Path work) {
        this.out = out;
        this.bytes = bytes;
        this.home = home;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        int status = run(args, System.out, System.err);
        if (status != 0) System.exit(status);
    }

    /** Runs the demo; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        boolean one = true, two = true, v4 = true, v6 = true;
        long mib = 10;
        Path keep = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "1" -> two = false;
                case "2" -> one = false;
                case "-4" -> v6 = false;
                case "-6" -> v4 = false;
                case "-m", "-w" -> {
                    if (i + 1 >= args.length) return usage(err);
                    String value = args[++i];
                    if (args[i - 1].equals("-w")) {
                        keep = Path.of(value);
                    } else {
                        try {
                            mib = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            return usage(err);
                        }
                        if (mib < 1 || mib > 1024) return usage(err);
                    }
                }
                default -> {
                    return usage(err);
                }
            }
        }
        String why = Netns.unavailable();
        if (why != null) {
            err.println("ipsec4j demo --netns: cannot run here: " + why + " (it needs root and ip netns)");
            return 2;
        }
        Path home;
        try {
            home = Installation.verified();
        } catch (IllegalStateException e) {
            err.println("ipsec4j demo --netns: " + e.getMessage());
            return 2;
        }
        Path work = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("ipsec4j-netns-demo");
        NetnsDemo demo = new NetnsDemo(out, mib << 20, home, work);
        List<Family> families = new ArrayList<>();
        if (v4) families.add(Family.IPV4);
        if (v6) families.add(Family.IPV6);
        for (Family f : families) {
            if (one) demo.endHosts(f);
            if (two) demo.sites(f);
        }
        if (keep == null) deleteTree(work);
        else out.println("configurations, logs and captures: " + work);
        out.println();
        if (demo.failures.isEmpty()) {
            out.println("every check held");
            return 0;
        }
        out.println(demo.failures.size() + " check(s) failed:");
        demo.failures.forEach(f -> out.println("  " + f));
        return 1;
    }

    private static int usage(PrintStream err) {
        err.println("usage: ipsec4j demo --netns [1|2] [-4|-6] [-m MIB] [-w DIR]");
        return 2;
    }

    // ---------------------------------------------------------------- scenario 1

    private void endHosts(Family f) {
        title("Scenario 1, " + name(f) + ": IPsec between the end hosts A and B (transport mode, level use)");
        try (EndHosts t = EndHosts.start(f, home, work, this::say)) {
            statements("A", EndHosts.guideSas(f) + EndHosts.guidePolicy(t.a(), t.b()));
            statements("B", EndHosts.guideSas(f) + EndHosts.guidePolicy(t.b(), t.a()));
            List<Capture.IpPacket> link;
            try (Capture capture = Capture.start(t.switchNs(), "sa", t.dir().resolve("link-a.pcap"))) {
                check("ping A -> B", f.ping(t.hostA(), t.b(), 3));
                check("ping B -> A", f.ping(t.hostB(), t.a(), 3));
                transfer("A -> B", t.hostA(), t.hostB(), t.b(), t.dir());
                check("ping A -> C (no SA: plaintext)", f.ping(t.hostA(), t.c(), 2));
                link = capture.stop();
            }
            flows("on the link of A (captured on the bridge)", link);
            problems("only ESP between A and B, plaintext with C",
                    t.linkProblems(link, bytes / EndHosts.TUN_MTU / 2));
        } catch (Exception e) {
            fail("scenario 1 (" + name(f) + ") stopped: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- scenario 2

    private void sites(Family f) {
        title("Scenario 2, " + name(f) + ": site A -- GA === GB -- site B (tunnel mode, level require)");
        try (Sites t = Sites.start(f, "require", home, work, this::say)) {
            statements("GA", t.guideSas() + t.policies(true));
            statements("GB", t.guideSas() + t.policies(false));
            List<Capture.IpPacket> wan;
            try (Capture capture = Capture.start(t.ga(), "w0", t.dir().resolve("wan.pcap"))) {
                check("ping X -> Y", f.ping(t.x(), t.hostY(), 3));
                check("ping Y -> X", f.ping(t.y(), t.hostX(), 3));
                transfer("X -> Y", t.x(), t.y(), t.hostY(), t.dir());
                say("bin/setkey -c on GA and GB:\n" + indent(t.deleteSas()));
                t.gatewayA().setkey(t.deleteSas());
                t.gatewayB().setkey(t.deleteSas());
                check("without SAs, require drops X -> Y", f.pingFails(t.x(), t.hostY(), 2));
                say("bin/setkey -c on GA and GB:\n" + indent(t.guideSas()));
                t.gatewayA().setkey(t.guideSas());
                t.gatewayB().setkey(t.guideSas());
                check("with the SAs back, ping X -> Y", f.ping(t.x(), t.hostY(), 3));
                wan = capture.stop();
            }
            flows("on the WAN (captured on GA's w0)", wan);
            problems("only ESP between the gateways", t.wanProblems(wan, bytes / 1500 / 2));
        } catch (Exception e) {
            fail("scenario 2 (" + name(f) + ") stopped: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- printing and checks

    private void transfer(String what, Netns from, Netns to, String address, Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path received = dir.resolve("received");
        try {
            String sha = Transfer.randomFile(data, bytes, 7);
            double s = Transfer.tcp(from, to, address, 5003, data, received);
            boolean intact = Files.size(received) == bytes && sha.equals(Transfer.sha256(received));
            check(String.format("TCP %d MiB %s: %s, %.2f s, %.1f Mbit/s", bytes >> 20, what,
                    intact ? "intact (SHA-256 " + sha.substring(0, 16) + "...)" : "CORRUPT", s, bytes * 8 / s / 1e6),
                    intact);
        } finally {
            Files.deleteIfExists(data);
            Files.deleteIfExists(received);
        }
    }

    private void title(String s) {
        out.println();
        out.println("== " + s);
    }

    private void say(String s) {
        out.println("   " + s);
    }

    private void statements(String who, String setkey) {
        say("setkey.conf of " + who + ":\n" + indent(setkey));
    }

    private void flows(String where, List<Capture.IpPacket> packets) {
        say(where + ":\n" + indent(String.join("\n", Capture.flows(packets))));
    }

    private void check(String what, boolean ok) {
        out.println((ok ? "ok   " : "FAIL ") + what);
        if (!ok) failures.add(what);
    }

    private void problems(String what, List<String> problems) {
        check(what, problems.isEmpty());
        problems.forEach(p -> say("  " + p));
    }

    private void fail(String what) {
        check(what, false);
    }

    private static String indent(String text) {
        return ("      " + text.strip().replace("\n", "\n      "));
    }

    private static String name(Family f) {
        return f.isIpv6() ? "IPv6" : "IPv4";
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
