package org.ipsec4j.sad;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ipsec4j.api.event.SadbEvents;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SaState;
import org.ipsec4j.api.sa.SadException;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.sad.persist.SequenceStore;

/**
 * The Security Association Database as plain Java, with setkey(8)'s semantics; the OSGi service
 * ({@link SadComponent}) is a thin shell around it. Construct it with a clock and an event sink, or with no arguments
 * (system clock, no events) in tests.
 *
 * <p>Threading. Changes ({@code add}, {@code update}, {@code delete}, {@code deleteAll}, {@code flush}, expiries) are
 * serialized by one writer lock; events are published after it was released. The per-packet lookups
 * ({@link #lookupInbound}, {@link #lookupOutbound}) take no lock and allocate nothing: they walk the immutable chains
 * of {@link SpiIndex} and {@link EndpointIndex}.
 *
 * <p>Semantics.
 * <ul>
 * <li>{@code add} of a taken id fails with {@code "SA already exists"}; so does an SA that would be indistinguishable
 * on the wire from an existing one: esp, esp-old and esp-udp share IP protocol 50, so (destination, 50, SPI) names one
 * SA among them (likewise ah and ah-old).</li>
 * <li>{@code update} of a missing id fails with {@code "No entry."}. It keeps the SA's {@code sadb_seq}, creation time,
 * outbound sequence number, replay window state (resized when {@code -r} changes) and counters; a dying SA becomes
 * mature again (and dies again at once if its new lifetimes are already used up); the transform's attachment is
 * cleared so that contexts are bound to the new keys; the keys of the old configuration that the new one does not
 * reuse (by identity) are zeroed.</li>
 * <li>{@code get}/{@code delete} of a missing id fail with {@code "No entry."}. Deleted, flushed and hard-expired SAs
 * turn dead and have their keys zeroed.</li>
 * <li>Lifetimes count from the {@code add}. Time lifetimes are checked by {@link #expireLifetimes()} (called once a
 * second by {@link ExpiryTimer}); byte lifetimes whenever bytes are charged. Soft expiry: the SA turns dying, an
 * {@code EXPIRE} event with {@code expire.kind=soft}. Hard expiry: the SA is removed, dead, keys zeroed, an
 * {@code EXPIRE} event with {@code expire.kind=hard} (no separate {@code DELETE}).</li>
 * </ul>
 *
 * <p>Sequence numbers across restarts. A table given a {@link SequenceStore} persists every SA's outbound counter in
 * leased blocks: an SA added with the identity and keys of one the store knows resumes after the numbers they used
 * (before a crash or a stop, or before a {@code delete}); an {@code update} that changes the keys records them before it
 * takes effect (and fails with the disk's error, changing nothing, when it cannot). The table closes its store when it
 * is closed, writing the exact last numbers. See {@link SequenceStore}.
 */
public final class SaTable implements SecurityAssociationDatabase, AutoCloseable {
    /** Largest {@code -r} accepted, in bytes (a window of {@link ReplayWindow#MAX_PACKETS} packets). */
    public static final int MAX_REPLAY_WINDOW_BYTES = ReplayWindow.MAX_PACKETS / 8;

    private final Clock clock;
    /** The time of a packet's use of an SA: the clock itself, or a {@link TickingClock} on it. */
    private final Clock useClock;
    private final SadEventSink events;
    private final AcquireLimiter acquires;
    /** Where outbound sequence numbers persist, or null. */
    private final SequenceStore store;
    private final Object lock = new Object();
    private final SaRecord.LifetimeListener lifetimes = new SaRecord.LifetimeListener() {
        @Override
        public void softExpired(SaRecord record, String cause) {
            if (record.changeState(SaState.MATURE, SaState.DYING)) {
                events.publish(SadbEvents.TOPIC_EXPIRE,
                        SaEventProperties.expire(record.sa(), clock.millis(), "soft", cause));
            }
        }

        @Override
        public void hardExpired(SaRecord record, String cause) {
            SecurityAssociation sa;
            synchronized (lock) {
                if (byId.get(record.id()) != record) {
                    return;
                }
                byId.remove(record.id());
                sa = retire(record);
            }
            events.publish(SadbEvents.TOPIC_EXPIRE, SaEventProperties.expire(sa, clock.millis(), "hard", cause));
        }
    };

    // Guarded by lock.
    private final Map<SaId, SaRecord> byId = new LinkedHashMap<>();
    private final SpiIndex inbound = new SpiIndex();
    private final EndpointIndex outbound = new EndpointIndex();
    private long nextSadbSeq = 1;
    /**
     * No time lifetime runs out before this (epoch milliseconds): {@link #expireLifetimes()} returns at once until
     * then. Lowered by add and update, recomputed by every pass. Written under the lock.
     */
    private volatile long nextTimeExpiry = Long.MAX_VALUE;

    /** A table on the system clock that publishes no events. */
    public SaTable() {
        this(Clock.systemUTC(), SadEventSink.NONE);
    }

    /** A table on the system clock. */
    public SaTable(SadEventSink events) {
        this(Clock.systemUTC(), events);
    }

    /**
     * @param clock  the time of creation, use and lifetimes (tests pass one they move by hand)
     * @param events receives SAD events
     */
    public SaTable(Clock clock, SadEventSink events) {
        this(clock, events, null);
    }

    /**
     * @param clock  the time of creation, use and lifetimes
     * @param events receives SAD events
     * @param store  where outbound sequence numbers persist (the table owns it from now on), or null for none
     */
    public SaTable(Clock clock, SadEventSink events, SequenceStore store) {
        this(clock, clock, events, store);
    }

    /**
     * @param clock    the time of creation, changes and lifetimes
     * @param useClock the time packets use SAs at (their first and last use; read once per packet, so the service
     *                 passes a {@link TickingClock} on {@code clock})
     * @param events   receives SAD events
     * @param store    where outbound sequence numbers persist (the table owns it from now on), or null for none
     */
    public SaTable(Clock clock, Clock useClock, SadEventSink events, SequenceStore store) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.useClock = Objects.requireNonNull(useClock, "useClock");
        this.events = Objects.requireNonNull(events, "events");
        this.acquires = new AcquireLimiter(clock, events);
        this.store = store;
    }

    @Override
    public SaEntry add(SecurityAssociation sa) {
        checkReplayWindow(sa);
        SaRecord record;
        synchronized (lock) {
            if (byId.containsKey(sa.id()) || inboundTwin(sa) != null) {
                throw new SadException("SA already exists");
            }
            record = new SaRecord(sa, clock.millis(), nextSadbSeq++, useClock, lifetimes,
                    store != null ? store.attach(sa) : null);
            byId.put(sa.id(), record);
            inbound.put(record);
            outbound.put(record);
            nextTimeExpiry = Math.min(nextTimeExpiry, timeDeadline(record));
        }
        events.publish(SadbEvents.TOPIC_ADD, SaEventProperties.of(sa, record.createdMillis()));
        return record;
    }

    @Override
    public SaEntry update(SecurityAssociation sa) {
        checkReplayWindow(sa);
        SaRecord record;
        List<Object[]> expired = new ArrayList<>(1);
        long now = clock.millis();
        synchronized (lock) {
            record = byId.get(sa.id());
            if (record == null) {
                throw new SadException("No entry.");
            }
            if (store != null) {
                store.rekey(record.lease(), sa);
            }
            SecurityAssociation old = record.sa();
            boolean moved = !old.source().equals(sa.source());
            if (moved) {
                outbound.remove(record, old);
            }
            record.configure(sa);
            if (moved) {
                outbound.put(record);
            }
            record.clearAttachment();
            record.mature();
            destroyUnusedKeys(old, sa);
            checkLifetimes(record, now, expired);
            nextTimeExpiry = Math.min(nextTimeExpiry, timeDeadline(record));
        }
        events.publish(SadbEvents.TOPIC_UPDATE, SaEventProperties.of(sa, now));
        publishExpired(expired, now);
        return record;
    }

    @Override
    public Optional<SaEntry> get(SaId id) {
        synchronized (lock) {
            return Optional.ofNullable(byId.get(id));
        }
    }

    /** The SA with this id, or {@code SadException("No entry.")}: setkey's {@code get}. */
    public SaEntry require(SaId id) {
        return get(id).orElseThrow(() -> new SadException("No entry."));
    }

    @Override
    public SaEntry delete(SaId id) {
        SaRecord record;
        SecurityAssociation sa;
        synchronized (lock) {
            record = byId.remove(id);
            if (record == null) {
                throw new SadException("No entry.");
            }
            sa = retire(record);
        }
        events.publish(SadbEvents.TOPIC_DELETE, SaEventProperties.of(sa, clock.millis()));
        return record;
    }

    @Override
    public List<SaEntry> deleteAll(InetAddress source, InetAddress destination, SaProtocol protocol) {
        List<SaEntry> removed = new ArrayList<>();
        synchronized (lock) {
            for (Iterator<SaRecord> it = byId.values().iterator(); it.hasNext();) {
                SaRecord r = it.next();
                SecurityAssociation sa = r.sa();
                if (sa.protocol() == protocol && sa.source().equals(source) && sa.destination().equals(destination)) {
                    it.remove();
                    retire(r);
                    removed.add(r);
                }
            }
        }
        long now = clock.millis();
        for (SaEntry r : removed) {
            events.publish(SadbEvents.TOPIC_DELETE, SaEventProperties.of(r.sa(), now));
        }
        return removed;
    }

    @Override
    public List<SaEntry> flush() {
        return flushMatching(null);
    }

    @Override
    public List<SaEntry> flush(SaProtocol protocol) {
        return flushMatching(Objects.requireNonNull(protocol, "protocol"));
    }

    private List<SaEntry> flushMatching(SaProtocol protocol) {
        List<SaEntry> removed = new ArrayList<>();
        synchronized (lock) {
            for (Iterator<SaRecord> it = byId.values().iterator(); it.hasNext();) {
                SaRecord r = it.next();
                if (protocol == null || r.sa().protocol() == protocol) {
                    it.remove();
                    retire(r);
                    removed.add(r);
                }
            }
        }
        Map<String, Object> p = new java.util.HashMap<>();
        p.put(SadbEvents.TIMESTAMP, clock.millis());
        p.put(SadbEvents.COUNT, removed.size());
        if (protocol != null) {
            p.put(SadbEvents.PROTOCOL, protocol.setkeyName());
        }
        events.publish(SadbEvents.TOPIC_FLUSH, p);
        return removed;
    }

    @Override
    public List<SaEntry> dump() {
        synchronized (lock) {
            return List.copyOf(byId.values());
        }
    }

    @Override
    public List<SaEntry> dump(SaProtocol protocol) {
        List<SaEntry> out = new ArrayList<>();
        synchronized (lock) {
            for (SaRecord r : byId.values()) {
                if (r.sa().protocol() == protocol) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** How many SAs the table holds. */
    public int size() {
        synchronized (lock) {
            return byId.size();
        }
    }

    @Override
    public SaEntry lookupInbound(byte[] buf, int addrOff, int addrLen, int ipProtocol, int spi) {
        SaRecord r = inbound.find(buf, addrOff, addrLen, ipProtocol, spi);
        if (r == null) {
            return null;
        }
        SaState s = r.state();
        return s == SaState.MATURE || s == SaState.DYING ? r : null;
    }

    @Override
    public SaEntry lookupOutbound(SaProtocol protocol, IpsecMode mode, byte[] src, int srcOff, byte[] dst, int dstOff,
            int addrLen, int reqid) {
        return outbound.find(protocol, mode, src, srcOff, dst, dstOff, addrLen, reqid);
    }

    @Override
    public boolean acquire(SaProtocol protocol, IpsecMode mode, byte[] src, int srcOff, byte[] dst, int dstOff,
            int addrLen, int reqid) {
        return acquires.raise(protocol, mode, src, srcOff, dst, dstOff, addrLen, reqid);
    }

    /**
     * Applies the time lifetimes: SAs past their soft time turn dying, SAs past their hard time are removed, each with
     * its {@code EXPIRE} event. Returns how many SAs expired. Called by {@link ExpiryTimer}; tests call it after moving
     * their clock.
     */
    public int expireLifetimes() {
        long now = clock.millis();
        if (now < nextTimeExpiry) {
            return 0;
        }
        List<Object[]> expired = new ArrayList<>();
        synchronized (lock) {
            long next = Long.MAX_VALUE;
            for (SaRecord r : List.copyOf(byId.values())) {
                checkLifetimes(r, now, expired);
                if (r.state() != SaState.DEAD) {
                    next = Math.min(next, timeDeadline(r));
                }
            }
            nextTimeExpiry = next;
        }
        publishExpired(expired, now);
        return expired.size();
    }

    /**
     * Removes every SA and zeroes its keys, without events: the table is being discarded (the component was
     * deactivated). With a store, the SAs' last sequence numbers are written first and the store is closed.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (store != null) {
                store.close();
            }
            for (SaRecord r : byId.values()) {
                retire(r);
            }
            byId.clear();
            inbound.clear();
            outbound.clear();
        }
    }

    /** Applies the lifetimes of one SA at {@code now}; collects {kind, cause, sa} of expiries. Holds the lock. */
    private void checkLifetimes(SaRecord r, long now, List<Object[]> expired) {
        SecurityAssociation sa = r.sa();
        long age = now - r.createdMillis();
        long hardSeconds = sa.hardLifetime().seconds();
        long hardBytes = sa.hardLifetime().bytes();
        boolean hardTime = hardSeconds != 0 && age / 1000 >= hardSeconds;
        if (hardTime || (hardBytes != 0 && r.bytesCharged() >= hardBytes)) {
            byId.remove(sa.id());
            retire(r);
            expired.add(new Object[] {"hard", hardTime ? "time" : "bytes", sa});
            return;
        }
        long softSeconds = sa.softLifetime().seconds();
        long softBytes = sa.softLifetime().bytes();
        boolean softTime = softSeconds != 0 && age / 1000 >= softSeconds;
        if ((softTime || (softBytes != 0 && r.bytesCharged() >= softBytes))
                && r.changeState(SaState.MATURE, SaState.DYING)) {
            expired.add(new Object[] {"soft", softTime ? "time" : "bytes", sa});
        }
    }

    /** When the next time lifetime of {@code r} runs out: soft while mature, hard; MAX_VALUE if never. */
    private static long timeDeadline(SaRecord r) {
        SecurityAssociation sa = r.sa();
        long deadline = Long.MAX_VALUE;
        long hard = sa.hardLifetime().seconds();
        if (hard != 0) {
            deadline = r.createdMillis() + Math.min(hard, Long.MAX_VALUE / 2000) * 1000;
        }
        long soft = sa.softLifetime().seconds();
        if (soft != 0 && r.state() == SaState.MATURE) {
            deadline = Math.min(deadline, r.createdMillis() + Math.min(soft, Long.MAX_VALUE / 2000) * 1000);
        }
        return deadline;
    }

    private void publishExpired(List<Object[]> expired, long now) {
        for (Object[] e : expired) {
            events.publish(SadbEvents.TOPIC_EXPIRE,
                    SaEventProperties.expire((SecurityAssociation) e[2], now, (String) e[0], (String) e[1]));
        }
    }

    /** Takes a record (already out of {@code byId}) out of the indexes, kills it, zeroes its keys. Holds the lock. */
    private SecurityAssociation retire(SaRecord r) {
        SecurityAssociation sa = r.sa();
        inbound.remove(r);
        outbound.remove(r, sa);
        r.kill();
        if (store != null) {
            store.detach(r.lease());
        }
        r.clearAttachment();
        sa.destroyKeys();
        return sa;
    }

    /** An installed SA that arrives on the wire as {@code sa} would: same destination, IP protocol and SPI. */
    private SaRecord inboundTwin(SecurityAssociation sa) {
        byte[] dst = sa.destination().getAddress();
        return inbound.find(dst, 0, dst.length, sa.protocol().ipProtocol(), sa.spi());
    }

    private static void checkReplayWindow(SecurityAssociation sa) {
        if (sa.replayWindowBytes() > MAX_REPLAY_WINDOW_BYTES) {
            throw new SadException("replay window too large: " + sa.replayWindowBytes() + " bytes (at most "
                    + MAX_REPLAY_WINDOW_BYTES + ")");
        }
    }

    private static void destroyUnusedKeys(SecurityAssociation old, SecurityAssociation now) {
        destroyUnlessReused(old.encryption().orElse(null), now);
        destroyUnlessReused(old.authentication().orElse(null), now);
        destroyUnlessReused(old.compression().orElse(null), now);
    }

    private static void destroyUnlessReused(org.ipsec4j.api.sa.AlgorithmKey key, SecurityAssociation now) {
        if (key == null) {
            return;
        }
        if (now.encryption().orElse(null) == key || now.authentication().orElse(null) == key
                || now.compression().orElse(null) == key) {
            return;
        }
        key.destroy();
    }
}
