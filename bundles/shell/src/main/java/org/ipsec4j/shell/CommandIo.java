package org.ipsec4j.shell;

import java.io.PrintStream;
import org.apache.felix.service.command.Process;

/** The streams of the running Gogo command (its pipe, or the console), and how a failure ends it. */
final class CommandIo {
    final PrintStream out;
    final PrintStream err;

    private CommandIo(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static CommandIo current() {
        Process p = Process.Utils.current();
        return p != null ? new CommandIo(p.out(), p.err()) : new CommandIo(System.out, System.err);
    }

    /** Throws when {@code outcome} is a failure (its message was printed already). */
    static void check(ShellOutcome outcome) throws CommandFailedException {
        if (outcome.status() != 0) throw new CommandFailedException(outcome.status(), outcome.message());
    }
}
