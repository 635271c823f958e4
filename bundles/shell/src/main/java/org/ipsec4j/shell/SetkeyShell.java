package org.ipsec4j.shell;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.ipsec4j.api.setkey.SetkeyService;

/**
 * The logic of the {@code ipsec:setkey} command, free of Gogo: turns a shell command line into one
 * {@link SetkeyService#run} call and reports its exit status together with what it wrote to standard error, so the
 * command can fail visibly. Plain Java, unit-tested against a fake service.
 */
public final class SetkeyShell {
    /** The most error text kept for the failure message; the full text always reaches the error stream. */
    static final int MAX_ERROR_TEXT = 8192;

    private final SetkeyService service;

    /** Creates the command logic over {@code service}. */
    public SetkeyShell(SetkeyService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /** What one command did: its exit status and (the start of) its error text. */
    public record Outcome(int status, String errorText) {
        /** Whether setkey succeeded. */
        public boolean succeeded() {
            return status == 0;
        }
    }

    /**
     * Runs one command line.
     *
     * @param words the words after {@code ipsec:setkey}
     * @param cwd the shell's current directory, for a relative {@code -f} file
     * @param in the command's input (a pipe or the console), read only for {@code -c} without statements
     * @param out where results go
     * @param err where errors go; they are also kept for the outcome
     */
    public Outcome run(List<String> words, Path cwd, InputStream in, PrintStream out, PrintStream err) {
        ShellArguments arguments;
        try {
            arguments = ShellArguments.parse(words, cwd);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return new Outcome(1, e.getMessage());
        }
        InputStream input = arguments.hasStatements() ? new ByteArrayInputStream(arguments.statementInput()) : in;
        ErrorCapture capture = new ErrorCapture(err);
        PrintStream teeErr = new PrintStream(capture, true, StandardCharsets.UTF_8);
        int status;
        try {
            status = service.run(arguments.serviceArguments(), input, out, teeErr);
        } finally {
            teeErr.flush();
            out.flush();
        }
        return new Outcome(status, capture.text());
    }

    /** Passes bytes on to the real error stream and keeps the first {@link #MAX_ERROR_TEXT} of them. */
    private static final class ErrorCapture extends OutputStream {
        private final PrintStream target;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        ErrorCapture(PrintStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            target.write(b);
            if (kept.size() < MAX_ERROR_TEXT) {
                kept.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            target.write(b, off, len);
            int keep = Math.min(len, MAX_ERROR_TEXT - kept.size());
            if (keep > 0) {
                kept.write(b, off, keep);
            }
        }

        @Override
        public void flush() {
            target.flush();
        }

        String text() {
            return kept.toString(StandardCharsets.UTF_8).strip();
        }
    }
}
