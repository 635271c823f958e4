package org.ipsec4j.engine.forward;

import java.util.Arrays;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.packet.PacketBuffer;

/**
 * Reassembly of IPv4 and IPv6 fragments addressed to the gateway (RFC 791, RFC 8200 section 4.5), bounded so that
 * fragments cannot exhaust it:
 * <ul>
 * <li>at most {@code maxPackets} datagrams in flight ({@code net.inet.ip.maxfragpackets}); one source address may
 * hold at most a quarter of them (at least one); a fragment that would start another datagram beyond these limits is
 * dropped;</li>
 * <li>at most {@code maxFragments} fragments per datagram ({@code net.inet.ip.maxfragsperpacket});</li>
 * <li>a datagram not complete within {@link #TIMEOUT_NANOS} is dropped (checked whenever a fragment arrives);</li>
 * <li>overlapping or duplicate fragments drop the whole datagram (RFC 5722 for IPv6, the same for IPv4), as do
 * fragments that disagree on the end, a non-final fragment whose length is not a multiple of 8, and datagrams larger
 * than {@link PacketBuffers#MAX_PACKET}.</li>
 * </ul>
 * A datagram is collected in a slot that owns a buffer of {@link PacketBuffers#CAPACITY}; slots are made on demand
 * and kept, so in steady state reassembly allocates nothing. The header of the first fragment (IPv4 header, or IPv6
 * header with the extension headers before the fragment header) becomes the datagram's header. Thread-safe: one lock,
 * taken only for fragments.
 */
final class Reassembler {
    /** How long a datagram may take to arrive complete (KAME's IPFRAGTTL: 30 s). */
    static final long TIMEOUT_NANOS = 30_000_000_000L;
    /** Most datagrams in flight at once, whatever the sysctl says. */
    static final int MAX_SLOTS = 1024;
    /** Where a slot's payload starts; the header goes in front of it. */
    private static final int DATA = PacketBuffers.HEADROOM;
    private static final int MAX_DATA = PacketBuffers.MAX_PACKET;

    /** What became of a fragment. */
    enum Outcome {
        /** Kept; the datagram is not complete yet. */
        PENDING,
        /** The datagram is complete and in the output buffer. */
        COMPLETE,
        /** Dropped, and with it the datagram it belonged to if there was one. */
        DROPPED,
        /** Dropped: no room for another datagram (limits). */
        NO_ROOM
    }

    private static final class Slot {
        boolean used;
        int version;
        int protocol;
        int id;
        final byte[] src = new byte[16];
        final byte[] dst = new byte[16];
        long deadline;
        final byte[] data = new byte[PacketBuffers.CAPACITY];
        /** Length of the header kept in front of {@link #DATA}; 0 until the first fragment came. */
        int headerLength;
        /** IPv6: where (from the header's start) the byte naming the fragment header is. */
        int typeField;
        /** IPv6: the protocol after the fragment header. */
        int nextHeader;
        /** Payload length, known once the last fragment came; -1 before. */
        int total;
        int received;
        int fragments;
        int[] starts = new int[16];
        int[] ends = new int[16];
    }

    private final Slot[] slots = new Slot[MAX_SLOTS];
    private int made;
    private final long[] timedOut = new long[2];

    /** Fragments of IP version {@code version} dropped with their datagram after the timeout, so far. */
    synchronized long timedOutFragments(int version) {
        return timedOut[version == 6 ? 1 : 0];
    }

    /**
     * Adds the fragment {@code ip} (parsed, over {@code pkt}); on {@link Outcome#COMPLETE} the whole datagram is in
     * {@code out} at {@link PacketBuffers#HEADROOM}. {@code pkt} is only read; {@code out} may be the buffer
     * {@code pkt} is in (the fragment is copied before the datagram is written).
     */
    synchronized Outcome add(IpView ip, PacketBuffer pkt, PacketBuffer out, long now, int maxPackets,
            int maxFragments) {
        expire(now);
        int dataLen = ip.end - ip.upperOffset;
        int first = ip.fragmentOffset;
        int last = first + dataLen;
        int alen = ip.addressLength();
        int id = ip.version == 4 ? ip.v4.identification() : s32(ip.buf, ip.fragmentHeader + 4);
        int protocol = ip.version == 4 ? ip.protocol : 0;
        Slot slot = find(ip, id, protocol, alen);
        if (slot == null) {
            slot = open(ip, id, protocol, alen, now, maxPackets);
            if (slot == null) return Outcome.NO_ROOM;
        }
        if (ip.moreFragments && (dataLen & 7) != 0 || last > MAX_DATA || dataLen == 0 && ip.moreFragments) {
            return drop(slot);
        }
        if (slot.total >= 0 && (last > slot.total || !ip.moreFragments && last != slot.total)) return drop(slot);
        if (!ip.moreFragments) {
            for (int i = 0; i < slot.fragments; i++) {
                if (slot.ends[i] > last) return drop(slot);
            }
            slot.total = last;
        }
        for (int i = 0; i < slot.fragments; i++) {
            if (first < slot.ends[i] && slot.starts[i] < last) return drop(slot); // overlap or duplicate
        }
        if (slot.fragments == Math.min(maxFragments, 256)) return drop(slot);
        if (first == 0 && !keepHeader(slot, ip)) return drop(slot);
        if (slot.fragments == slot.starts.length) {
            slot.starts = Arrays.copyOf(slot.starts, slot.starts.length * 2);
            slot.ends = Arrays.copyOf(slot.ends, slot.ends.length * 2);
        }
        slot.starts[slot.fragments] = first;
        slot.ends[slot.fragments] = last;
        slot.fragments++;
        System.arraycopy(ip.buf, ip.upperOffset, slot.data, DATA + first, dataLen);
        slot.received += dataLen;
        if (slot.total < 0 || slot.received != slot.total || slot.headerLength == 0) return Outcome.PENDING;
        complete(slot, out);
        slot.used = false;
        return Outcome.COMPLETE;
    }

    private Slot find(IpView ip, int id, int protocol, int alen) {
        for (int i = 0; i < made; i++) {
            Slot s = slots[i];
            if (s.used && s.version == ip.version && s.id == id && s.protocol == protocol
                    && Arrays.equals(s.src, 0, alen, ip.buf, ip.sourceOffset(), ip.sourceOffset() + alen)
                    && Arrays.equals(s.dst, 0, alen, ip.buf, ip.destinationOffset(), ip.destinationOffset() + alen)) {
                return s;
            }
        }
        return null;
    }

    private Slot open(IpView ip, int id, int protocol, int alen, long now, int maxPackets) {
        int limit = Math.min(maxPackets, MAX_SLOTS);
        int perSource = Math.max(1, limit / 4);
        int inFlight = 0;
        int fromSource = 0;
        Slot free = null;
        for (int i = 0; i < made; i++) {
            Slot s = slots[i];
            if (!s.used) {
                if (free == null) free = s;
                continue;
            }
            inFlight++;
            if (s.version == ip.version
                    && Arrays.equals(s.src, 0, alen, ip.buf, ip.sourceOffset(), ip.sourceOffset() + alen)) {
                fromSource++;
            }
        }
        if (inFlight >= limit || fromSource >= perSource) return null;
        if (free == null) {
            if (made == MAX_SLOTS) return null;
            free = new Slot();
            slots[made++] = free;
        }
        free.used = true;
        free.version = ip.version;
        free.protocol = protocol;
        free.id = id;
        System.arraycopy(ip.buf, ip.sourceOffset(), free.src, 0, alen);
        System.arraycopy(ip.buf, ip.destinationOffset(), free.dst, 0, alen);
        free.deadline = now + TIMEOUT_NANOS;
        free.headerLength = 0;
        free.total = -1;
        free.received = 0;
        free.fragments = 0;
        return free;
    }

    /** Keeps the first fragment's header in front of the data; false if it is too long to keep. */
    private static boolean keepHeader(Slot slot, IpView ip) {
        int headerEnd = ip.version == 4 ? ip.upperOffset : ip.fragmentHeader;
        int len = headerEnd - ip.start;
        if (len > DATA) return false;
        System.arraycopy(ip.buf, ip.start, slot.data, DATA - len, len);
        slot.headerLength = len;
        if (ip.version == 6) {
            slot.typeField = ip.fragmentTypeField - ip.start;
            slot.nextHeader = ip.buf[ip.fragmentHeader] & 0xff;
        }
        return true;
    }

    private static void complete(Slot slot, PacketBuffer out) {
        int len = slot.headerLength + slot.total;
        out.set(PacketBuffers.HEADROOM, slot.data, DATA - slot.headerLength, len);
        byte[] b = out.array();
        int h = out.start();
        if (slot.version == 4) {
            b[h + 2] = (byte) (len >>> 8);
            b[h + 3] = (byte) len;
            b[h + 6] = 0; // flags and offset: a whole datagram
            b[h + 7] = 0;
            b[h + 10] = 0;
            b[h + 11] = 0;
            int c = org.ipsec4j.api.packet.InternetChecksum.compute(b, h, slot.headerLength);
            b[h + 10] = (byte) (c >>> 8);
            b[h + 11] = (byte) c;
        } else {
            int payload = len - 40;
            b[h + 4] = (byte) (payload >>> 8);
            b[h + 5] = (byte) payload;
            b[h + slot.typeField] = (byte) slot.nextHeader;
        }
    }

    private Outcome drop(Slot slot) {
        slot.used = false;
        return Outcome.DROPPED;
    }

    private void expire(long now) {
        for (int i = 0; i < made; i++) {
            Slot s = slots[i];
            if (s.used && now - s.deadline > 0) {
                s.used = false;
                timedOut[s.version == 6 ? 1 : 0] += s.fragments;
            }
        }
    }

    /** Datagrams in flight (tests, statistics). */
    synchronized int inFlight() {
        int n = 0;
        for (int i = 0; i < made; i++) {
            if (slots[i].used) n++;
        }
        return n;
    }

    private static int s32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }
}
