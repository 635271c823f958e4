package org.ipsec4j.api.event;

/**
 * EventAdmin topics and properties of SAD and SPD changes, the PF_KEY messages of ipsec4j. Every event carries
 * {@link #TIMESTAMP}; SA events carry the SA properties, policy events the policy properties. Keys are never part of
 * an event.
 */
public final class SadbEvents {
    private SadbEvents() {
    }

    /** Topic prefix of every SAD event. */
    public static final String SAD_TOPIC_PREFIX = "org/ipsec4j/sadb/";
    /** An SA was added ({@code SADB_ADD}). */
    public static final String TOPIC_ADD = SAD_TOPIC_PREFIX + "ADD";
    /** An SA was updated ({@code SADB_UPDATE}). */
    public static final String TOPIC_UPDATE = SAD_TOPIC_PREFIX + "UPDATE";
    /** An SA was deleted ({@code SADB_DELETE}). */
    public static final String TOPIC_DELETE = SAD_TOPIC_PREFIX + "DELETE";
    /** An SA's soft or hard lifetime expired ({@code SADB_EXPIRE}); see {@link #EXPIRE_KIND}. */
    public static final String TOPIC_EXPIRE = SAD_TOPIC_PREFIX + "EXPIRE";
    /** A {@code require} rule found no SA ({@code SADB_ACQUIRE}). */
    public static final String TOPIC_ACQUIRE = SAD_TOPIC_PREFIX + "ACQUIRE";
    /** The SAD was flushed ({@code SADB_FLUSH}). */
    public static final String TOPIC_FLUSH = SAD_TOPIC_PREFIX + "FLUSH";

    /** Topic prefix of every SPD event. */
    public static final String SPD_TOPIC_PREFIX = "org/ipsec4j/spd/";
    public static final String TOPIC_SPD_ADD = SPD_TOPIC_PREFIX + "ADD";
    public static final String TOPIC_SPD_UPDATE = SPD_TOPIC_PREFIX + "UPDATE";
    public static final String TOPIC_SPD_DELETE = SPD_TOPIC_PREFIX + "DELETE";
    public static final String TOPIC_SPD_FLUSH = SPD_TOPIC_PREFIX + "FLUSH";

    /** Epoch milliseconds (Long). */
    public static final String TIMESTAMP = "timestamp";
    /** SA source address, textual (String). */
    public static final String SOURCE = "sa.source";
    /** SA destination address, textual (String). */
    public static final String DESTINATION = "sa.destination";
    /** SA protocol, its setkey name (String). */
    public static final String PROTOCOL = "sa.protocol";
    /** SPI as an unsigned number (Long). */
    public static final String SPI = "sa.spi";
    /** SA mode, its setkey name (String). */
    public static final String MODE = "sa.mode";
    /** reqid (Integer). */
    public static final String REQID = "sa.reqid";
    /** {@code soft} or {@code hard} (String), on expire events. */
    public static final String EXPIRE_KIND = "expire.kind";
    /** {@code time} or {@code bytes} (String), on expire events. */
    public static final String EXPIRE_CAUSE = "expire.cause";
    /** The SA or policy in setkey's {@code -D}/{@code -DP} notation, without keys (String). */
    public static final String TEXT = "text";
    /** Policy id, KAME's spid (Long). */
    public static final String POLICY_ID = "policy.id";
    /** Policy direction, its setkey name (String). */
    public static final String DIRECTION = "policy.direction";
    /** How many entries a flush removed (Integer). */
    public static final String COUNT = "count";
}
