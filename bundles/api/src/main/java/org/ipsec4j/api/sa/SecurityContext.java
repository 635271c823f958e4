package org.ipsec4j.api.sa;

import java.util.Objects;

/**
 * A security context ({@code -ctx doi algorithm "label"} in setkey(8)); stored and shown, not enforced.
 */
public record SecurityContext(int doi, int algorithm, String label) {
    public SecurityContext {
        Objects.requireNonNull(label, "label");
    }
}
