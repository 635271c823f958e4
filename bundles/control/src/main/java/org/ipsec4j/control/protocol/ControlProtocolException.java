package org.ipsec4j.control.protocol;

import java.io.IOException;

/**
 * A frame or a command that breaks the control protocol: wrong magic or version, unknown type, a payload over its
 * limit, or a command payload that does not decode. The message says what was wrong and never quotes payload bytes.
 */
public final class ControlProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message for the peer and the log. */
    public ControlProtocolException(String message) {
        super(message);
    }
}
