package org.ipsec4j.api.policy;

/** A request to the SPD that cannot be carried out (e.g. {@code "File exists"} for a duplicate spdadd). */
public class SpdException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SpdException(String message) {
        super(message);
    }
}
