package org.ipsec4j.control.startup;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ipsec4j.api.setkey.SetkeyService;

/**
 * The gateway's startup configuration file, {@code setkey.conf} in the configuration directory, applied through
 * {@code setkey -f} (all or nothing).
 */
public final class SetkeyConfFile {
    /** The file's name in the configuration directory. */
    public static final String NAME = "setkey.conf";

    private SetkeyConfFile() {
    }

    /** What applying the file did. */
    public record Outcome(Path file, int status, String output, String errors) {
        /** Whether the file was applied (or there was none). */
        public boolean succeeded() {
            return status == 0;
        }
    }

    /**
     * Applies {@code confDir/setkey.conf} if it exists.
     *
     * @return the outcome; a missing file is a success with a null file
     */
    public static Outcome apply(SetkeyService setkey, Path confDir) {
        Path file = confDir.resolve(NAME).toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            return new Outcome(null, 0, "", "");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            try {
                status = setkey.run(List.of("-f", file.toString()), InputStream.nullInputStream(), o, e);
            } catch (RuntimeException ex) {
                e.println("setkey: internal error: " + ex.getClass().getName());
                status = 1;
            }
        }
        return new Outcome(file, status, out.toString(StandardCharsets.UTF_8).strip(),
                err.toString(StandardCharsets.UTF_8).strip());
    }
}
