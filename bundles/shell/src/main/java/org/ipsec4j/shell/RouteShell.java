package org.ipsec4j.shell;

import java.io.PrintStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.engine.admin.RouteInfo;
import org.ipsec4j.engine.admin.Routes;

/**
 * The logic of {@code ipsec:route}, in the words of route(8) and {@code netstat -rn}:
 * <pre>
 * ipsec:route [show]                          the table, Internet and Internet6
 * ipsec:route add [-net|-host] DEST GATEWAY    DEST is addr/len, an address, or default
 * ipsec:route add DEST -interface PORT
 * ipsec:route delete DEST
 * ipsec:route get ADDR                        the route a packet to ADDR takes
 * </pre>
 */
public final class RouteShell {
    private static final String USAGE = "usage: ipsec:route [show] | add DEST GATEWAY | add DEST -interface PORT"
            + " | delete DEST | get ADDR";
    private final Routes routes;

    public RouteShell(Routes routes) {
        this.routes = Objects.requireNonNull(routes, "routes");
    }

    public ShellOutcome run(List<String> args, PrintStream out, PrintStream err) {
        List<String> w = new ArrayList<>();
        for (String a : args) {
            if (!a.equals("-net") && !a.equals("-host") && !a.equals("-inet") && !a.equals("-inet6")) w.add(a);
        }
        String verb = w.isEmpty() ? "show" : w.get(0);
        try {
            switch (verb) {
                case "show", "list", "print" -> show(out);
                case "add" -> {
                    return add(w.subList(1, w.size()), out, err);
                }
                case "delete", "del" -> {
                    if (w.size() != 2) return ShellOutcome.fail(err, 2, USAGE);
                    IpPrefix dest = AddressText.prefix(w.get(1), guessFamily(w.get(1)));
                    if (!routes.delete(dest)) return ShellOutcome.fail(err, 1, "route: not in table: " + w.get(1));
                    out.println("delete " + kind(dest) + " " + AddressText.of(dest));
                }
                case "get" -> {
                    if (w.size() != 2) return ShellOutcome.fail(err, 2, USAGE);
                    InetAddress a = AddressText.parse(w.get(1));
                    Optional<RouteInfo> r = routes.lookup(a);
                    if (r.isEmpty()) return ShellOutcome.fail(err, 1, "route: no route to " + w.get(1));
                    RouteInfo ri = r.get();
                    out.println("   route to: " + AddressText.of(a));
                    out.println("destination: " + AddressText.of(ri.destination()));
                    if (ri.gateway() != null) out.println("    gateway: " + AddressText.of(ri.gateway()));
                    out.println("  interface: " + ri.port());
                    out.println("      flags: " + ri.flags());
                }
                default -> {
                    return ShellOutcome.fail(err, 2, USAGE);
                }
            }
        } catch (IllegalArgumentException e) {
            return ShellOutcome.fail(err, 1, "route: " + e.getMessage());
        }
        out.flush();
        return ShellOutcome.OK;
    }

    private ShellOutcome add(List<String> w, PrintStream out, PrintStream err) {
        if (w.size() == 3 && (w.get(1).equals("-interface") || w.get(1).equals("-iface"))) {
            IpPrefix dest = AddressText.prefix(w.get(0), guessFamily(w.get(0)));
            routes.addInterface(dest, w.get(2));
            out.println("add " + kind(dest) + " " + AddressText.of(dest) + ": interface " + w.get(2));
            return ShellOutcome.OK;
        }
        if (w.size() != 2) return ShellOutcome.fail(err, 2, USAGE);
        InetAddress gw = AddressText.parse(w.get(1));
        IpPrefix dest = AddressText.prefix(w.get(0), gw);
        if (dest.isIpv4() != (gw.getAddress().length == 4)) {
            return ShellOutcome.fail(err, 1, "route: " + w.get(0) + " and " + w.get(1) + " are of different families");
        }
        routes.add(dest, gw);
        out.println("add " + kind(dest) + " " + AddressText.of(dest) + ": gateway " + AddressText.of(gw));
        return ShellOutcome.OK;
    }

    private void show(PrintStream out) {
        List<RouteInfo> all = routes.list();
        section(out, "Internet:", all.stream().filter(r -> r.destination().isIpv4()).toList());
        section(out, "Internet6:", all.stream().filter(r -> !r.destination().isIpv4()).toList());
    }

    private static void section(PrintStream out, String title, List<RouteInfo> list) {
        if (list.isEmpty()) return;
        out.println(title);
        out.println(String.format("%-28s %-26s %-6s %s", "Destination", "Gateway", "Flags", "Netif"));
        for (RouteInfo r : list) {
            String gw = r.gateway() != null ? AddressText.of(r.gateway()) : "link#" + (r.port() == null ? "?" : r.port());
            String dest = r.destination().length() == 0 ? "default" : AddressText.of(r.destination());
            out.println(String.format("%-28s %-26s %-6s %s", dest, gw, r.flags(), r.port() == null ? "-" : r.port()));
        }
    }

    private static String kind(IpPrefix p) {
        return p.isHost() ? "host" : "net";
    }

    /** The family a destination written without a gateway belongs to. */
    private static InetAddress guessFamily(String dest) {
        return AddressText.parse(dest.contains(":") ? "::" : "0.0.0.0");
    }
}
