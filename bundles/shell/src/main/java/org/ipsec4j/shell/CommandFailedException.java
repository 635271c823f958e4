package org.ipsec4j.shell;

/**
 * Thrown by the {@code ipsec:} commands other than setkey when they fail, after their message went to the error
 * stream, so that a Gogo script stops and {@code $exception} holds the reason.
 */
public final class CommandFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    public CommandFailedException(int status, String message) {
        super(message == null || message.isBlank() ? "failed with exit status " + status : message);
        this.status = status;
    }

    /** The exit status (not 0). */
    public int status() {
        return status;
    }
}
