package org.ipsec4j.io.pcap.ethernet;

import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.packet.PacketBuffer;

/**
 * The neighbour cache of one Ethernet port: IPv4 and IPv6 neighbours with their MAC addresses and states, and the
 * packets waiting for a resolution, in storage allocated once. A bounded hash table of {@code capacity} entries
 * chained through indexes (when full, the least recently used entry makes room); a shared pool of packet buffers for
 * the waiting packets, at most {@code queuePerNeighbour} per neighbour.
 *
 * <p>Not thread-safe: {@link EthernetStation} holds its lock around every call.
 */
final class NeighbourCache {
    /** The states of RFC 4861 section 7.3.2, with DELAY folded into PROBE, and FAILED kept for a while. */
    enum State {
        /** Resolving: solicitations sent, packets queued. */
        INCOMPLETE,
        /** Confirmed within the reachable time. */
        REACHABLE,
        /** Not confirmed lately: still used, probed on use. */
        STALE,
        /** Used while stale: unicast probes sent, packets still sent to the known MAC. */
        PROBE,
        /** Did not answer: queued packets dropped; the next packet starts a resolution again. */
        FAILED
    }

    /** One neighbour. Fields are the station's to read and write under its lock. */
    static final class Entry {
        final int index;
        final byte[] address = new byte[16];
        int addressLength;
        long hi;
        long lo;
        final byte[] mac = new byte[EthernetFrames.MAC_LENGTH];
        State state;
        /** When the state was entered (for REACHABLE: the last confirmation). */
        long changedAt;
        /** When a packet last went to this neighbour. */
        long usedAt;
        /** When the last solicitation or probe went out, and how many since the state was entered. */
        long probedAt;
        int probes;
        final PacketBuffer[] queue;
        int queued;
        boolean inUse;
        int next = -1;

        Entry(int index, int queueLength) {
            this.index = index;
            this.queue = new PacketBuffer[queueLength];
        }

        boolean isIpv6() {
            return addressLength == 16;
        }
    }

    private final Entry[] entries;
    private final int[] buckets;
    private final PacketBuffer[] pool;
    private int poolFree;
    private int freeHead;
    private int size;
    /** Packets dropped because their neighbour's entry was evicted while they waited; the station collects them. */
    long evictionDrops;

    NeighbourCache(int capacity, int queuePerNeighbour, int queuePool) {
        if (capacity < 1 || queuePerNeighbour < 0 || queuePool < 0) {
            throw new IllegalArgumentException("capacity " + capacity + ", queue " + queuePerNeighbour + "/" + queuePool);
        }
        entries = new Entry[capacity];
        for (int i = 0; i < capacity; i++) {
            entries[i] = new Entry(i, queuePerNeighbour);
            entries[i].next = i + 1 < capacity ? i + 1 : -1;
        }
        freeHead = 0;
        buckets = new int[Integer.highestOneBit(capacity * 2 - 1) << 1];
        java.util.Arrays.fill(buckets, -1);
        pool = new PacketBuffer[queuePool];
        for (int i = 0; i < queuePool; i++) {
            pool[i] = new PacketBuffer(PacketBuffers.CAPACITY, PacketBuffers.HEADROOM);
        }
        poolFree = queuePool;
    }

    int capacity() {
        return entries.length;
    }

    int size() {
        return size;
    }

    /** The entry in slot {@code i} (0 .. capacity-1); check {@link Entry#inUse}. */
    Entry slot(int i) {
        return entries[i];
    }

    /** The entry of address {@code a[off..off+len)} (4 or 16 bytes), or null. */
    Entry lookup(byte[] a, int off, int len) {
        long hi = high(a, off, len);
        long lo = low(a, off, len);
        for (int i = buckets[bucket(hi, lo, len)]; i >= 0; i = entries[i].next) {
            Entry e = entries[i];
            if (e.lo == lo && e.hi == hi && e.addressLength == len) return e;
        }
        return null;
    }

    /**
     * A new entry for an address that has none, in {@code state}; when the cache is full the least recently used entry
     * is removed first, and the number of its waiting packets dropped with it is added to {@code evictionDrops}.
     */
    Entry create(byte[] a, int off, int len, State state, long now) {
        if (freeHead < 0) evictLeastRecentlyUsed();
        Entry e = entries[freeHead];
        freeHead = e.next;
        System.arraycopy(a, off, e.address, 0, len);
        e.addressLength = len;
        e.hi = high(a, off, len);
        e.lo = low(a, off, len);
        e.state = state;
        e.changedAt = now;
        e.usedAt = now;
        e.probedAt = now;
        e.probes = 0;
        e.queued = 0;
        e.inUse = true;
        int b = bucket(e.hi, e.lo, len);
        e.next = buckets[b];
        buckets[b] = e.index;
        size++;
        return e;
    }

    private void evictLeastRecentlyUsed() {
        Entry oldest = null;
        for (Entry e : entries) {
            if (!e.inUse) continue;
            if (oldest == null || lastActivity(e) - lastActivity(oldest) < 0) oldest = e;
        }
        evictionDrops += dropQueue(oldest);
        remove(oldest);
    }

    private static long lastActivity(Entry e) {
        return e.usedAt - e.changedAt > 0 ? e.usedAt : e.changedAt;
    }

    /** Removes an entry (its waiting packets must have been dropped or drained). */
    void remove(Entry e) {
        if (!e.inUse) return;
        int b = bucket(e.hi, e.lo, e.addressLength);
        if (buckets[b] == e.index) {
            buckets[b] = e.next;
        } else {
            for (int i = buckets[b]; i >= 0; i = entries[i].next) {
                if (entries[i].next == e.index) {
                    entries[i].next = e.next;
                    break;
                }
            }
        }
        e.inUse = false;
        e.next = freeHead;
        freeHead = e.index;
        size--;
    }

    /** Copies the packet into a pooled buffer queued on {@code e}; false when its queue or the pool is full. */
    boolean enqueue(Entry e, PacketBuffer pkt) {
        if (e.queued == e.queue.length || poolFree == 0 || pkt.length() > PacketBuffers.MAX_PACKET) return false;
        PacketBuffer b = pool[--poolFree];
        pool[poolFree] = null;
        b.set(PacketBuffers.HEADROOM, pkt.array(), pkt.start(), pkt.length());
        e.queue[e.queued++] = b;
        return true;
    }

    /** Moves the waiting packets of {@code e}, in arrival order, to {@code out}; returns how many. */
    int drain(Entry e, PacketBuffer[] out) {
        int n = e.queued;
        for (int i = 0; i < n; i++) {
            out[i] = e.queue[i];
            e.queue[i] = null;
        }
        e.queued = 0;
        return n;
    }

    /** Returns a drained buffer to the pool. */
    void release(PacketBuffer b) {
        pool[poolFree++] = b;
    }

    /** Drops the packets waiting on {@code e}; returns how many. */
    int dropQueue(Entry e) {
        int n = e.queued;
        for (int i = 0; i < n; i++) {
            release(e.queue[i]);
            e.queue[i] = null;
        }
        e.queued = 0;
        return n;
    }

    /** Buffers left in the pool. */
    int poolAvailable() {
        return poolFree;
    }

    private int bucket(long hi, long lo, int len) {
        long h = (hi * 0x9E3779B97F4A7C15L) ^ (lo * 0xC2B2AE3D27D4EB4FL) ^ len;
        h ^= h >>> 29;
        return (int) h & (buckets.length - 1);
    }

    private static long high(byte[] a, int off, int len) {
        return len == 16 ? word(a, off) : 0;
    }

    private static long low(byte[] a, int off, int len) {
        if (len == 16) return word(a, off + 8);
        return ((a[off] & 0xffL) << 24) | ((a[off + 1] & 0xffL) << 16) | ((a[off + 2] & 0xffL) << 8) | (a[off + 3] & 0xffL);
    }

    private static long word(byte[] a, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (a[off + i] & 0xffL);
        return v;
    }
}
