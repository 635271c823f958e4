package org.ipsec4j.api.policy;

import java.util.Optional;

/** The direction of a policy ({@code -P in|out|fwd}). */
public enum Direction {
    IN("in"),
    OUT("out"),
    /** Packets forwarded by this gateway, checked on their way in (Linux's {@code fwd}). */
    FWD("fwd");

    private final String setkeyName;

    Direction(String setkeyName) {
        this.setkeyName = setkeyName;
    }

    public String setkeyName() {
        return setkeyName;
    }

    public static Optional<Direction> fromSetkeyName(String name) {
        for (Direction d : values()) {
            if (d.setkeyName.equals(name)) return Optional.of(d);
        }
        return Optional.empty();
    }
}
