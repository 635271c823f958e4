package org.ipsec4j.api.setkey;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * setkey(8) against the running SAD and SPD. The Gogo command {@code ipsec:setkey} and the control socket behind
 * {@code bin/setkey} are thin adapters over this one service, so they behave alike.
 */
@ProviderType
public interface SetkeyService {
    /**
     * Runs setkey with its command-line arguments (e.g. {@code ["-c"]}, {@code ["-DP"]}, {@code ["-f", "file"]}), reading
     * statements from {@code in} where the arguments ask for it, writing results to {@code out} and errors to
     * {@code err}. Returns the exit status: 0 on success, 1 on any error. Input with any error changes nothing.
     */
    int run(List<String> args, InputStream in, PrintStream out, PrintStream err);
}
