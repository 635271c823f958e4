package org.ipsec4j.shell;

/**
 * What one command did: its exit status (0 for success) and, on failure, the message it printed.
 *
 * @param status  0, or the failure's status (1 failed, 2 usage)
 * @param message the failure's message, or null
 */
public record ShellOutcome(int status, String message) {
    static final ShellOutcome OK = new ShellOutcome(0, null);

    /** Prints {@code message} to {@code err} and returns a failure of {@code status}. */
    static ShellOutcome fail(java.io.PrintStream err, int status, String message) {
        err.println(message);
        err.flush();
        return new ShellOutcome(status, message);
    }
}
