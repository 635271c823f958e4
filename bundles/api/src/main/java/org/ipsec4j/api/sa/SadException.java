package org.ipsec4j.api.sa;

/**
 * A request to the SAD that cannot be carried out, with setkey's wording where it has one (e.g.
 * {@code "SA already exists"}, {@code "No entry."}).
 */
public class SadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SadException(String message) {
        super(message);
    }
}
