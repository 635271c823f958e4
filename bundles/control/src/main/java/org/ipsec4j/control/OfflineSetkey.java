package org.ipsec4j.control;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import org.ipsec4j.api.setkey.SetkeyService;

/** Runs {@code setkey -n} checks in the client's own JVM, with no gateway. */
final class OfflineSetkey implements SetkeyService {
    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        err.println("setkey: -n is not available yet");
        return 1;
    }
}
