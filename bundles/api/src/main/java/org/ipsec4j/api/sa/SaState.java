package org.ipsec4j.api.sa;

/** The life cycle of an SA, as PF_KEY's {@code SADB_SASTATE_*} and KAME's {@code state=} in {@code setkey -D}. */
public enum SaState {
    /** Reserved, no keys yet (an SPI reserved by a key manager). */
    LARVAL("larval"),
    /** In use. */
    MATURE("mature"),
    /** A soft lifetime expired: still used for input, replaced by a newer SA for output where one exists. */
    DYING("dying"),
    /** A hard lifetime expired or the SA was deleted: never used again. */
    DEAD("dead");

    private final String setkeyName;

    SaState(String setkeyName) {
        this.setkeyName = setkeyName;
    }

    public String setkeyName() {
        return setkeyName;
    }
}
