package org.ipsec4j.shell;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Process;
import org.ipsec4j.api.setkey.SetkeyService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The Gogo command {@code ipsec:setkey}: setkey(8) against the running gateway. A thin adapter over
 * {@link SetkeyShell}; results go to the command's output, errors to its error stream, and a failing setkey
 * (exit status other than 0) throws {@link SetkeyFailedException} after its error text was printed, so scripts stop
 * at the first failure.
 */
@Component(
        service = SetkeyGogoCommand.class,
        property = {"osgi.command.scope=ipsec", "osgi.command.function=setkey"})
public final class SetkeyGogoCommand {
    private final SetkeyShell shell;

    /** Creates the command over the gateway's setkey service. */
    @Activate
    public SetkeyGogoCommand(@Reference SetkeyService service) {
        this.shell = new SetkeyShell(service);
    }

    /** Runs setkey with {@code args}; see the class description. */
    @Descriptor("setkey(8) on the running gateway: -c (statements from the pipe or console), -f FILE, -D, -D -a,"
            + " -DP, -F, -FP, -x and -xx (watch SAD and SPD events until interrupted), -n (check only), -v, -h;"
            + " or statements as arguments: ipsec:setkey 'add ... ;'")
    public void setkey(
            CommandSession session,
            @Descriptor("setkey flags, then optional statements (quote them: the shell ends a command at ';')")
                    String... args)
            throws SetkeyFailedException {
        Process process = Process.Utils.current();
        InputStream in = process != null ? process.in() : System.in;
        PrintStream out = process != null ? process.out() : System.out;
        PrintStream err = process != null ? process.err() : System.err;
        Path cwd = session.currentDir() != null ? session.currentDir() : Path.of("").toAbsolutePath();
        SetkeyShell.Outcome outcome = shell.run(Arrays.asList(args), cwd, in, out, err);
        if (!outcome.succeeded()) {
            throw new SetkeyFailedException(outcome.status(), outcome.errorText());
        }
    }
}
