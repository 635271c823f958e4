package org.ipsec4j.api.sa;

/** How ESP fills its padding ({@code -f} in setkey(8)). */
public enum Padding {
    /** 1, 2, 3, ... as RFC 4303 section 2.4 prescribes ({@code -f seq-pad}, the default). */
    SEQUENTIAL("seq-pad"),
    /** All zero bytes ({@code -f zero-pad}). */
    ZERO("zero-pad"),
    /** Random bytes ({@code -f random-pad}). */
    RANDOM("random-pad");

    private final String setkeyName;

    Padding(String setkeyName) {
        this.setkeyName = setkeyName;
    }

    public String setkeyName() {
        return setkeyName;
    }
}
