package org.ipsec4j.control;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import org.ipsec4j.api.setkey.SetkeyService;
import org.ipsec4j.setkey.command.SetkeyCommand;

/**
 * Runs {@code setkey -n} checks in the client's own JVM, with no gateway: the setkey command without databases, as
 * {@code org.ipsec4j.setkey.Main} runs it (parse and check everything, change nothing).
 */
final class OfflineSetkey implements SetkeyService {
    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        SetkeyCommand command = new SetkeyCommand(null, null, Clock.systemDefaultZone(), ProcessHandle.current().pid());
        return command.run(args, in, out, err);
    }
}
