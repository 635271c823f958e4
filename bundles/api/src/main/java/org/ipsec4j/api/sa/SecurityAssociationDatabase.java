package org.ipsec4j.api.sa;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Security Association Database (RFC 4301 section 4.4.2) with setkey(8)'s semantics. Thread-safe. The lookups
 * used per packet ({@link #lookupInbound}, {@link #lookupOutbound}) are O(1) in the number of SAs and allocate nothing.
 * Changes and expiries are published on EventAdmin under {@link org.ipsec4j.api.event.SadbEvents}' topics.
 */
@ProviderType
public interface SecurityAssociationDatabase {
    /** {@code add}: installs a new SA. Throws {@code SadException("SA already exists")} if its id is taken. */
    SaEntry add(SecurityAssociation sa);

    /**
     * {@code update}: replaces the configuration of an existing SA; its sequence number, replay window and counters
     * stay. Throws {@code SadException("No entry.")} if there is none.
     */
    SaEntry update(SecurityAssociation sa);

    /** {@code get}: the SA with this id. */
    Optional<SaEntry> get(SaId id);

    /** {@code delete}: removes an SA and zeroes its keys. Throws {@code SadException("No entry.")} if there is none. */
    SaEntry delete(SaId id);

    /** {@code deleteall}: removes every SA of {@code protocol} from {@code source} to {@code destination}. */
    List<SaEntry> deleteAll(InetAddress source, InetAddress destination, SaProtocol protocol);

    /** {@code flush}: removes every SA. */
    List<SaEntry> flush();

    /** {@code flush protocol}: removes every SA of one protocol. */
    List<SaEntry> flush(SaProtocol protocol);

    /** {@code dump}: every SA, in the order they were added. */
    List<SaEntry> dump();

    /** {@code dump protocol}. */
    List<SaEntry> dump(SaProtocol protocol);

    /**
     * The SA for an arriving packet: destination address bytes {@code buf[addrOff..addrOff+addrLen)} (4 or 16 bytes),
     * IP protocol number (50, 51, 108) and SPI (or CPI). Returns null when there is none, or it is larval or dead.
     */
    SaEntry lookupInbound(byte[] buf, int addrOff, int addrLen, int ipProtocol, int spi);

    /**
     * The SA to protect an outgoing packet with, for one rule of a policy: protocol, mode (an SA of mode
     * {@link IpsecMode#ANY} serves either), the endpoints (the tunnel's, or the packet's own in transport mode) and the
     * reqid ({@code unique:N}; 0 means any). Prefers a mature SA to a dying one, and the newest among equals, as KAME
     * does. Returns null when there is none.
     */
    SaEntry lookupOutbound(SaProtocol protocol, IpsecMode mode, byte[] src, int srcOff, byte[] dst, int dstOff,
            int addrLen, int reqid);

    /**
     * Raises an acquire ({@code SADB_ACQUIRE}): a {@code require} or {@code unique} rule found no SA for these
     * arguments (those of {@link #lookupOutbound}), so an event is posted on
     * {@link org.ipsec4j.api.event.SadbEvents#TOPIC_ACQUIRE} for key managers. Called by the data path; repeated
     * acquires for the same request are suppressed for a while, as KAME's {@code blockacq} does, and then nothing is
     * allocated. Returns whether an event was posted. Implementations that raise no acquires return false.
     */
    default boolean acquire(SaProtocol protocol, IpsecMode mode, byte[] src, int srcOff, byte[] dst, int dstOff,
            int addrLen, int reqid) {
        return false;
    }
}
