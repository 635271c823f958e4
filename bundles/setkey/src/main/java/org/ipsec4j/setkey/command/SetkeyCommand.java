package org.ipsec4j.setkey.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.policy.SecurityPolicyDatabase;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaState;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.api.setkey.SetkeyService;
import org.ipsec4j.setkey.SetkeyParseException;
import org.ipsec4j.setkey.Statement;
import org.ipsec4j.setkey.monitor.SadbEventFormat;
import org.ipsec4j.setkey.monitor.SadbEventSource;
import org.ipsec4j.setkey.monitor.SadbMonitor;
import org.ipsec4j.setkey.parse.SetkeyParser;
import org.ipsec4j.setkey.print.SaDumpPrinter;
import org.ipsec4j.setkey.print.SpdDumpPrinter;
import org.ipsec4j.setkey.print.StatementPrinter;

/**
 * setkey(8) in plain Java, over a {@link SecurityAssociationDatabase} and a {@link SecurityPolicyDatabase}.
 *
 * <h2>Flags</h2>
 * {@code -c} reads statements from the input stream, {@code -f FILE} from a file ({@code -f -}: the input stream),
 * {@code -D} dumps the SAD ({@code -a}: with larval and dead SAs) and {@code -DP} or {@code -D -P} the SPD, {@code -F}
 * flushes the SAD and {@code -FP} or {@code -F -P} the SPD, {@code -n} parses and checks without changing anything,
 * {@code -v} reports each statement, {@code -h} prints the usage. Flags group as {@code getopt(3)} allows; anything
 * else is a usage error. The exit status is 0 on success and 1 on any error; errors go to the error stream as
 * {@code setkey: line 3, column 35: unknown encryption algorithm "des-cbcx" (known: ...)}, with the file name in front
 * of the line for {@code -f}. {@code get}, {@code dump} and {@code spddump} in the input print in the {@code -D} and
 * {@code -DP} formats. {@code -x} prints SAD and SPD events as they happen until the thread is interrupted
 * ({@link SadbMonitor}, {@link SadbEventFormat}); it needs an event source.
 *
 * <h2>Keys in dumps</h2>
 * By default {@code -D}, {@code get} and {@code dump} show keys in hex, as KAME's setkey does. With key masking on (a
 * gateway-wide setting, read at every run) every key byte shows as {@code **} instead, in the same line structure
 * ({@link SaDumpPrinter}). {@code -x} never shows keys.
 *
 * <h2>All or nothing</h2>
 * Unlike KAME's setkey, which stops half-way, a batch of statements ({@code -c}, {@code -f}) is applied whole or not
 * at all:
 * <ol>
 * <li>The whole input is parsed first; any syntax or semantic error (unknown algorithm, bad key length, ...) stops the
 * run before anything changes.</li>
 * <li>Under one lock that serializes every setkey run of this JVM, the batch is run against a model of the current
 * SAD and SPD ({@code BatchCheck}): an {@code add} of an existing SA, an {@code update}, {@code get} or {@code delete}
 * of a missing one, an {@code spdadd} of an existing policy, an {@code spdupdate} or {@code spddelete} of a missing
 * one fail, each statement seeing the effects of the ones before it ({@code add X; delete X;} is fine). The first
 * failure is reported with its line and nothing changes.</li>
 * <li>Still under the lock, the statements are applied in order. A step can still fail: an SA may hard-expire in the
 * meantime, or the SAD may refuse an SA for a reason of its own. Then the steps applied so far are undone in reverse
 * order, as well as can be (a deleted SA comes back with its keys but with fresh counters; a deleted policy comes
 * back behind those of its priority), and the failure and the undo are reported.</li>
 * </ol>
 * With {@code -n}, steps 1 and 2 run (step 2 against the databases when there are any, and otherwise only against
 * what the batch itself establishes) and nothing is applied; {@code -n} needs no databases, which is how
 * {@link org.ipsec4j.setkey.Main} checks files offline. Keys of parsed SAs that are not handed to the SAD are zeroed.
 *
 * <p>Thread-safe.
 */
public final class SetkeyCommand implements SetkeyService {
    /** Serializes every setkey run that changes something, so that check and apply see the same state. */
    private static final ReentrantLock LOCK = new ReentrantLock();

    private final SecurityAssociationDatabase sad;
    private final SecurityPolicyDatabase spd;
    private final Supplier<AlgorithmRegistry> algorithms;
    private final Clock clock;
    private final SadbEventSource events;
    private final BooleanSupplier maskKeys;
    private final SaDumpPrinter saPrinter;
    private final SaDumpPrinter maskingSaPrinter;
    private final SpdDumpPrinter spdPrinter;
    /** The threads running {@code -x} now. */
    private final Set<Thread> monitors = ConcurrentHashMap.newKeySet();

    /**
     * @param sad   the SAD, or null for check-only use ({@code -n}, {@code -h})
     * @param spd   the SPD, or null for check-only use
     * @param clock the time and zone of {@code -D} output
     * @param pid   the process id {@code -D} shows
     */
    public SetkeyCommand(SecurityAssociationDatabase sad, SecurityPolicyDatabase spd, Clock clock, long pid) {
        this(sad, spd, () -> null, clock, pid);
    }

    /**
     * A command that also refuses SAs whose algorithm no provider offers at the time.
     *
     * @param algorithms the gateway's algorithm registry now (it may come and go), or null for no check
     */
    public SetkeyCommand(SecurityAssociationDatabase sad, SecurityPolicyDatabase spd,
            Supplier<AlgorithmRegistry> algorithms, Clock clock, long pid) {
        this(sad, spd, algorithms, clock, pid, null, () -> false);
    }

    /**
     * The command of a running gateway: also {@code -x}, and key masking.
     *
     * @param events   where {@code -x} gets SAD and SPD events, or null when there are none ({@code -x} then fails)
     * @param maskKeys whether dumps mask keys now; asked at every run
     */
    public SetkeyCommand(SecurityAssociationDatabase sad, SecurityPolicyDatabase spd,
            Supplier<AlgorithmRegistry> algorithms, Clock clock, long pid, SadbEventSource events,
            BooleanSupplier maskKeys) {
        this.sad = sad;
        this.spd = spd;
        this.algorithms = Objects.requireNonNull(algorithms, "algorithms");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = events;
        this.maskKeys = Objects.requireNonNull(maskKeys, "maskKeys");
        this.saPrinter = new SaDumpPrinter(clock, pid);
        this.maskingSaPrinter = new SaDumpPrinter(clock, pid, true);
        this.spdPrinter = new SpdDumpPrinter(clock, pid);
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        try {
            return execute(args, in, out, err);
        } catch (RuntimeException e) {
            err.println("setkey: internal error: " + e);
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int execute(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        SetkeyOptions o;
        try {
            o = SetkeyOptions.parse(args);
        } catch (SetkeyOptions.UsageException e) {
            err.println("setkey: " + e.getMessage());
            err.print(SetkeyOptions.USAGE);
            return 1;
        }
        switch (o.mode()) {
            case HELP -> {
                out.print(SetkeyOptions.USAGE);
                return 0;
            }
            case DUMP -> {
                return o.dryRun() ? 0 : dump(o, out, err);
            }
            case FLUSH -> {
                return o.dryRun() ? 0 : flush(o, out, err);
            }
            case MONITOR -> {
                return o.dryRun() ? 0 : monitor(o, out, err);
            }
            default -> {
                return batch(o, in, out, err);
            }
        }
    }

    private int dump(SetkeyOptions o, PrintStream out, PrintStream err) {
        if (o.policy()) {
            if (spd == null) return needsGateway("-DP", err);
            out.print(spdPrinter.dump(spd.dump()));
        } else {
            if (sad == null) return needsGateway("-D", err);
            out.print(saPrinter().dump(visible(sad.dump(), o.all())));
        }
        return 0;
    }

    /** {@code -x}: runs until the thread is interrupted or the output fails. */
    private int monitor(SetkeyOptions o, PrintStream out, PrintStream err) {
        if (events == null) return needsGateway("-x", err);
        SadbEventFormat format = new SadbEventFormat(clock, o.monitorLevel(), sad, spd, maskingSaPrinter, spdPrinter);
        Thread self = Thread.currentThread();
        monitors.add(self);
        try {
            return new SadbMonitor(events, format).run(out);
        } finally {
            monitors.remove(self);
        }
    }

    /** Ends every {@code -x} running now (by interrupting its thread), e.g. when the gateway's setkey goes away. */
    public void stopMonitors() {
        monitors.forEach(Thread::interrupt);
    }

    /** The SA printer of this run: masking keys when the setting says so now. */
    private SaDumpPrinter saPrinter() {
        return maskKeys.getAsBoolean() ? maskingSaPrinter : saPrinter;
    }

    private int flush(SetkeyOptions o, PrintStream out, PrintStream err) {
        if (o.policy() ? spd == null : sad == null) return needsGateway(o.policy() ? "-FP" : "-F", err);
        LOCK.lock();
        try {
            int n = o.policy() ? spd.flush().size() : sad.flush().size();
            if (o.verbose()) {
                out.println((o.policy() ? "spdflush: " + n + " policies" : "flush: " + n + " SAs") + " removed");
            }
        } finally {
            LOCK.unlock();
        }
        return 0;
    }

    private int batch(SetkeyOptions o, InputStream in, PrintStream out, PrintStream err) {
        boolean stdin = o.mode() == SetkeyOptions.Mode.STDIN || "-".equals(o.file());
        String where = stdin ? "" : o.file() + ": ";
        if (!o.dryRun() && (sad == null || spd == null)) {
            return needsGateway(stdin ? "-c" : "-f", err);
        }
        String text;
        try {
            byte[] bytes = stdin ? in.readAllBytes() : Files.readAllBytes(Path.of(o.file()));
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            err.println("setkey: " + o.file() + ": No such file or directory");
            return 1;
        } catch (AccessDeniedException e) {
            err.println("setkey: " + o.file() + ": Permission denied");
            return 1;
        } catch (IOException e) {
            err.println("setkey: " + (stdin ? "standard input" : o.file()) + ": " + e.getMessage());
            return 1;
        }
        List<Statement> statements;
        try {
            statements = SetkeyParser.parse(text);
        } catch (SetkeyParseException e) {
            err.println("setkey: " + where + e.getMessage());
            return 1;
        }
        if (o.dryRun()) {
            try {
                return check(statements, where, o, out, err);
            } finally {
                destroyKeys(statements, 0);
            }
        }
        LOCK.lock();
        try {
            BatchCheck model = BatchCheck.of(sad.dump(), spd.dump()).offering(algorithms.get());
            Optional<BatchCheck.Failure> failure = model.run(statements);
            if (failure.isPresent()) {
                report(failure.get().statement(), failure.get().problem(), where, err);
                destroyKeys(statements, 0);
                return 1;
            }
            return apply(statements, where, o, out, err);
        } finally {
            LOCK.unlock();
        }
    }

    private int check(List<Statement> statements, String where, SetkeyOptions o, PrintStream out, PrintStream err) {
        BatchCheck model;
        if (sad != null && spd != null) {
            LOCK.lock();
            try {
                model = BatchCheck.of(sad.dump(), spd.dump()).offering(algorithms.get());
            } finally {
                LOCK.unlock();
            }
        } else {
            model = BatchCheck.unknown();
        }
        Optional<BatchCheck.Failure> failure = model.run(statements);
        if (failure.isPresent()) {
            report(failure.get().statement(), failure.get().problem(), where, err);
            return 1;
        }
        if (o.verbose()) {
            for (Statement s : statements) {
                out.println("line " + s.position().line() + ": " + StatementPrinter.describe(s) + " (checked)");
            }
        }
        return 0;
    }

    private int apply(List<Statement> statements, String where, SetkeyOptions o, PrintStream out, PrintStream err) {
        SaDumpPrinter saPrinter = saPrinter();
        try (Transaction tx = new Transaction(sad, spd)) {
            for (int i = 0; i < statements.size(); i++) {
                Statement s = statements.get(i);
                try {
                    if (s instanceof Statement.Get g) {
                        SaEntry e = sad.get(g.id()).orElseThrow(() -> new IllegalStateException("no such SA"));
                        out.print(saPrinter.format(e));
                    } else if (s instanceof Statement.Dump d) {
                        out.print(saPrinter.dump(visible(d.protocol().map(sad::dump).orElseGet(sad::dump), o.all())));
                    } else if (s instanceof Statement.SpdDump) {
                        out.print(spdPrinter.dump(spd.dump()));
                    } else {
                        tx.apply(s);
                    }
                } catch (RuntimeException e) {
                    report(s, e.getMessage() == null ? e.toString() : e.getMessage(), where, err);
                    destroyKeys(statements, i);
                    int undone = tx.applied();
                    boolean complete = tx.rollback(problem -> err.println("setkey: could not undo " + problem));
                    if (complete) {
                        err.println("setkey: nothing changed (" + undone + " applied statement"
                                + (undone == 1 ? "" : "s") + " undone)");
                    } else {
                        err.println("setkey: the SAD and SPD may be partly changed");
                    }
                    return 1;
                }
                if (o.verbose()) {
                    out.println("line " + s.position().line() + ": " + StatementPrinter.describe(s));
                }
            }
        }
        return 0;
    }

    private static void report(Statement s, String problem, String where, PrintStream err) {
        err.println("setkey: " + where + s.position() + ": " + StatementPrinter.describe(s) + ": " + problem);
    }

    /** Zeroes the keys of the SAs of statements from {@code from} on, which the SAD never received. */
    private static void destroyKeys(List<Statement> statements, int from) {
        for (Statement s : statements.subList(from, statements.size())) {
            if (s instanceof Statement.Add a) a.sa().destroyKeys();
            if (s instanceof Statement.Update u) u.sa().destroyKeys();
        }
    }

    private static List<SaEntry> visible(List<SaEntry> entries, boolean all) {
        return all ? entries
                : entries.stream().filter(e -> e.state() != SaState.LARVAL && e.state() != SaState.DEAD).toList();
    }

    private static int needsGateway(String what, PrintStream err) {
        err.println("setkey: " + what + " needs a running gateway; offline, only -n (check) and -h work");
        return 1;
    }
}
