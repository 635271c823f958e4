package org.ipsec4j.shell;

import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.ipsec4j.api.policy.Direction;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.engine.admin.EchoRequest;
import org.ipsec4j.engine.admin.EchoResult;
import org.ipsec4j.engine.admin.Pinger;

/**
 * The logic of {@code ipsec:ping}: ICMP (or ICMPv6) echo from the gateway itself, through its engine, printed as
 * KAME's ping prints it.
 * <pre>
 * ipsec:ping [-c COUNT] [-i WAIT] [-s SIZE] [-W TIMEOUT] [-D] [-S SOURCE] [-P POLICY]... ADDR
 * </pre>
 * {@code -c} defaults to 4 (a console command must end by itself), {@code -i} (seconds between requests) to 1,
 * {@code -s} to 56, {@code -W} (seconds to wait for each reply) to 2; {@code -D} sets DF; {@code -P} gives a per-call
 * policy, one per direction, e.g. {@code -P "out ipsec esp/transport//require"}. Fails (status 2) when no reply came.
 */
public final class PingShell {
    private static final String USAGE = "usage: ipsec:ping [-c COUNT] [-i WAIT] [-s SIZE] [-W TIMEOUT] [-D] [-S SOURCE]"
            + " [-P POLICY]... ADDR";
    private final Pinger pinger;

    public PingShell(Pinger pinger) {
        this.pinger = Objects.requireNonNull(pinger, "pinger");
    }

    public ShellOutcome run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        int count = 4;
        double interval = 1;
        int size = 56;
        double timeout = 2;
        boolean df = false;
        String source = null;
        String dest = null;
        java.util.List<String> policies = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "-c" -> count = Integer.parseInt(value(args, ++i));
                    case "-i" -> interval = Double.parseDouble(value(args, ++i));
                    case "-s" -> size = Integer.parseInt(value(args, ++i));
                    case "-W" -> timeout = Double.parseDouble(value(args, ++i));
                    case "-S" -> source = value(args, ++i);
                    case "-P" -> policies.add(value(args, ++i));
                    case "-D" -> df = true;
                    default -> {
                        if (a.startsWith("-") || dest != null) return ShellOutcome.fail(err, 2, USAGE);
                        dest = a;
                    }
                }
            }
        } catch (NumberFormatException e) {
            return ShellOutcome.fail(err, 2, "ping: bad number: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return ShellOutcome.fail(err, 2, e.getMessage());
        }
        if (dest == null || count < 1 || size < 0 || size > 9000 || interval < 0 || timeout <= 0) {
            return ShellOutcome.fail(err, 2, USAGE);
        }
        InetAddress to;
        InetAddress from = null;
        SecurityPolicy outPolicy = null;
        SecurityPolicy inPolicy = null;
        try {
            to = AddressText.parse(dest);
            if (source != null) from = AddressText.parse(source);
            for (String p : policies) {
                SecurityPolicy sp = PolicyText.parse(p, to);
                if (sp.direction() == Direction.OUT) outPolicy = sp;
                else inPolicy = sp;
            }
        } catch (IllegalArgumentException e) {
            return ShellOutcome.fail(err, 2, "ping: " + e.getMessage());
        }
        boolean v6 = to.getAddress().length == 16;
        String name = AddressText.of(to);
        out.println((v6 ? "PING6 " : "PING ") + name + " (" + name + "): " + size + " data bytes");
        int id = (int) (ProcessHandle.current().pid() ^ System.nanoTime()) & 0xffff;
        int received = 0;
        int errors = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        double sum = 0;
        double sumSq = 0;
        String sendFailure = null;
        int sent = 0;
        for (int seq = 0; seq < count; seq++) {
            if (seq > 0 && interval > 0) Thread.sleep((long) (interval * 1000));
            EchoResult r;
            try {
                r = pinger.echo(new EchoRequest(to, from, id, seq, size, df, outPolicy, inPolicy,
                        Duration.ofMillis((long) (timeout * 1000))));
            } catch (IllegalArgumentException e) {
                return ShellOutcome.fail(err, 2, "ping: " + e.getMessage());
            }
            switch (r.status()) {
                case REPLY -> {
                    sent++;
                    received++;
                    double ms = r.rttNanos() / 1e6;
                    min = Math.min(min, ms);
                    max = Math.max(max, ms);
                    sum += ms;
                    sumSq += ms * ms;
                    out.println(r.bytes() + " bytes from " + AddressText.of(r.from()) + ": icmp_seq=" + seq
                            + (v6 ? " hlim=" : " ttl=") + r.ttl() + String.format(" time=%.3f ms", ms));
                }
                case ICMP_ERROR -> {
                    sent++;
                    errors++;
                    out.println(r.bytes() + " bytes from " + AddressText.of(r.from()) + ": " + r.detail());
                }
                case TIMEOUT -> {
                    sent++;
                    out.println("Request timeout for icmp_seq " + seq);
                }
                case NOT_SENT -> {
                    sendFailure = "ping: sendto: " + reason(r.detail());
                    err.println(sendFailure);
                }
            }
            out.flush();
        }
        out.println();
        out.println("--- " + name + " ping statistics ---");
        double loss = sent == 0 ? 100.0 : 100.0 * (sent - received) / sent;
        out.println(sent + " packets transmitted, " + received + " packets received, "
                + (errors > 0 ? "+" + errors + " errors, " : "") + String.format("%.1f%% packet loss", loss));
        if (received > 0) {
            double avg = sum / received;
            double std = Math.sqrt(Math.max(0, sumSq / received - avg * avg));
            out.println(String.format("round-trip min/avg/max/stddev = %.3f/%.3f/%.3f/%.3f ms", min, avg, max, std));
        }
        out.flush();
        if (received == 0) {
            return new ShellOutcome(2, sendFailure != null ? sendFailure : "ping: no reply from " + name);
        }
        return ShellOutcome.OK;
    }

    /** What the engine's drop reason means to ping's user. */
    static String reason(String counter) {
        if (counter == null) return "failed";
        return switch (counter) {
            case "acquire", "nosa" -> "Resource temporarily unavailable (no SA for the required policy)";
            case "discard", "policy" -> "Operation not permitted (discarded by policy)";
            case "noroute" -> "No route to host";
            case "noaddr" -> "Can't assign requested address";
            case "badlength" -> "Message too long";
            case "nobufs" -> "No buffer space available";
            default -> counter;
        };
    }

    private static String value(List<String> args, int i) {
        if (i >= args.size()) throw new IllegalArgumentException(USAGE);
        return args.get(i);
    }
}
