package org.ipsec4j.shell;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import org.ipsec4j.engine.admin.GatewayStatus;
import org.ipsec4j.engine.admin.StatSection;

/**
 * The logic of {@code ipsec:stat}: the counters as {@code netstat -s} prints them, every section or
 * {@code -p PROTOCOL} ({@code ipsec}, {@code ip}, {@code ip6}, {@code icmp}, {@code icmp6}); {@code -z} leaves out
 * counters that are zero.
 */
public final class StatShell {
    private static final String USAGE = "usage: ipsec:stat [-z] [-p ipsec|ip|ip6|icmp|icmp6]";
    private final GatewayStatus status;

    public StatShell(GatewayStatus status) {
        this.status = Objects.requireNonNull(status, "status");
    }

    public ShellOutcome run(List<String> args, PrintStream out, PrintStream err) {
        String protocol = null;
        boolean skipZero = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-z")) {
                skipZero = true;
            } else if (a.equals("-p") && i + 1 < args.size()) {
                protocol = args.get(++i);
            } else if (a.startsWith("-p") && a.length() > 2) {
                protocol = a.substring(2);
            } else if (a.equals("-s")) {
                continue; // netstat's -s: statistics are all this command shows
            } else {
                return ShellOutcome.fail(err, 2, USAGE);
            }
        }
        List<StatSection> sections = status.statistics();
        boolean found = false;
        for (StatSection s : sections) {
            if (protocol != null && !protocol.equals(s.protocol())) continue;
            found = true;
            out.println(s.protocol() + ":");
            for (StatSection.Line l : s.lines()) {
                if (skipZero && l.value() == 0) continue;
                out.println("\t" + l.value() + " " + l.text());
            }
        }
        if (!found) return ShellOutcome.fail(err, 1, "ipsec:stat: unknown protocol " + protocol);
        out.flush();
        return ShellOutcome.OK;
    }
}
