package org.ipsec4j.shell;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ipsec4j.engine.admin.Sysctl;
import org.ipsec4j.engine.admin.SysctlValue;

/**
 * The logic of {@code ipsec:sysctl}, as FreeBSD's sysctl(8) behaves for KAME's MIBs:
 * <pre>
 * ipsec:sysctl                         every MIB, "name: value"
 * ipsec:sysctl -a                      the same
 * ipsec:sysctl -d [NAME]               descriptions
 * ipsec:sysctl NAME                    one MIB, or every MIB under a prefix (net.inet6)
 * ipsec:sysctl NAME=VALUE ...          set: "name: old -> new"
 * </pre>
 */
public final class SysctlShell {
    private final Sysctl sysctl;

    public SysctlShell(Sysctl sysctl) {
        this.sysctl = Objects.requireNonNull(sysctl, "sysctl");
    }

    public ShellOutcome run(List<String> args, PrintStream out, PrintStream err) {
        boolean describe = false;
        int i = 0;
        for (; i < args.size() && args.get(i).startsWith("-"); i++) {
            switch (args.get(i)) {
                case "-a" -> { }
                case "-d" -> describe = true;
                default -> {
                    return ShellOutcome.fail(err, 2, "usage: ipsec:sysctl [-a] [-d] [NAME[=VALUE] ...]");
                }
            }
        }
        List<String> names = args.subList(i, args.size());
        if (names.isEmpty()) {
            for (SysctlValue v : sysctl.list()) print(out, v, describe);
            return ShellOutcome.OK;
        }
        for (String arg : names) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                if (describe) return ShellOutcome.fail(err, 2, "sysctl: -d does not set values");
                String name = arg.substring(0, eq).trim();
                Optional<SysctlValue> old = sysctl.get(name);
                try {
                    SysctlValue now = sysctl.set(name, arg.substring(eq + 1));
                    out.println(now.name() + ": " + old.map(SysctlValue::value).orElse(now.value()) + " -> " + now.value());
                } catch (IllegalArgumentException e) {
                    return ShellOutcome.fail(err, 1, e.getMessage());
                }
                continue;
            }
            Optional<SysctlValue> one = sysctl.get(arg);
            if (one.isPresent()) {
                print(out, one.get(), describe);
                continue;
            }
            List<SysctlValue> under = sysctl.list().stream().filter(v -> v.name().startsWith(arg + ".")).toList();
            if (under.isEmpty()) return ShellOutcome.fail(err, 1, "sysctl: unknown oid '" + arg + "'");
            for (SysctlValue v : under) print(out, v, describe);
        }
        out.flush();
        return ShellOutcome.OK;
    }

    private static void print(PrintStream out, SysctlValue v, boolean describe) {
        out.println(v.name() + ": " + (describe ? v.description() + " (" + v.min() + ".." + v.max() + ", default "
                + v.defaultValue() + ")" : String.valueOf(v.value())));
    }
}
