package org.ipsec4j.api.sa;

import java.util.Optional;

/** The IPsec mode of an SA or of a policy rule ({@code -m} in setkey(8)). */
public enum IpsecMode {
    /** Either mode: the SA may serve transport and tunnel rules (setkey's default for SAs). */
    ANY("any"),
    TRANSPORT("transport"),
    TUNNEL("tunnel");

    private final String setkeyName;

    IpsecMode(String setkeyName) {
        this.setkeyName = setkeyName;
    }

    public String setkeyName() {
        return setkeyName;
    }

    public static Optional<IpsecMode> fromSetkeyName(String name) {
        for (IpsecMode m : values()) {
            if (m.setkeyName.equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
