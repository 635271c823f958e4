package org.ipsec4j.shell;

/**
 * Thrown by {@code ipsec:setkey} when setkey exits with a status other than 0, so that a Gogo script stops and
 * {@code $exception} holds the reason. The message is setkey's error text (already printed on the error stream).
 */
public final class SetkeyFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    /** Creates the exception for exit status {@code status} and setkey's error text. */
    public SetkeyFailedException(int status, String errorText) {
        super(errorText == null || errorText.isBlank() ? "setkey failed with exit status " + status : errorText);
        this.status = status;
    }

    /** setkey's exit status (not 0). */
    public int status() {
        return status;
    }
}
