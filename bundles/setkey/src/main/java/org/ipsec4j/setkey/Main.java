package org.ipsec4j.setkey;

import java.time.Clock;
import java.util.List;
import org.ipsec4j.setkey.command.SetkeyCommand;

/**
 * setkey(8) without a gateway, to check configuration files before they are used:
 * {@code java -cp ipsec4j-api.jar:ipsec4j-setkey.jar org.ipsec4j.setkey.Main -n -f setkey.conf} (or {@code -n -c}
 * with the statements on standard input). Only {@code -n} and {@code -h} work offline; everything else says that a
 * running gateway is needed (use {@code bin/setkey} for that). Exits with 0 on success and 1 on any error.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        SetkeyCommand command = new SetkeyCommand(null, null, Clock.systemDefaultZone(), ProcessHandle.current().pid());
        System.exit(command.run(List.of(args), System.in, System.out, System.err));
    }
}
