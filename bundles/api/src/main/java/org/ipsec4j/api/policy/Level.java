package org.ipsec4j.api.policy;

import java.util.Optional;

/** The level of a policy rule: how badly the SA is wanted. */
public enum Level {
    /** Take the system-wide level ({@code net.inet.ipsec.esp_trans_deflev} and its siblings). */
    DEFAULT("default"),
    /** Use an SA if one exists, else send in plaintext. */
    USE("use"),
    /** An SA is required: without one the packet is dropped and an acquire raised. */
    REQUIRE("require"),
    /** Like require, with an SA bound to this policy only (by reqid, {@code unique:N}). */
    UNIQUE("unique");

    private final String setkeyName;

    Level(String setkeyName) {
        this.setkeyName = setkeyName;
    }

    public String setkeyName() {
        return setkeyName;
    }

    public static Optional<Level> fromSetkeyName(String name) {
        for (Level l : values()) {
            if (l.setkeyName.equals(name)) return Optional.of(l);
        }
        return Optional.empty();
    }
}
