package org.ipsec4j.io.memory;

import java.util.concurrent.locks.LockSupport;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.packet.PacketBuffer;

/**
 * A bounded receive queue of pooled packet buffers: many senders, one receiving thread. Each slot owns a buffer of
 * {@link PacketBuffers#CAPACITY}; a sender copies its packet into the free slot at the tail (under a lock shared by
 * senders only), the receiver hands the slot at the head to the engine in place and releases it afterwards. Nothing
 * is allocated per packet; the receiver parks while the ring is empty and the sender that fills it unparks it.
 *
 * <p>{@code head} (next to receive) is written by the receiver only, {@code tail} (next to fill) by senders under
 * {@code senders}; both are volatile, so a slot between them is filled and owned by the receiver, a slot outside
 * them is free and owned by the senders.
 */
final class PacketRing {
    private final PacketBuffer[] slots;
    private final Object senders = new Object();
    private volatile long head;
    private volatile long tail;
    private volatile Thread waiter;

    PacketRing(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("queue depth must be at least 1: " + capacity);
        slots = new PacketBuffer[capacity];
        for (int i = 0; i < capacity; i++) slots[i] = new PacketBuffer(PacketBuffers.CAPACITY, PacketBuffers.HEADROOM);
    }

    int capacity() {
        return slots.length;
    }

    /**
     * Copies {@code pkt} into the ring, flipping the byte at {@code corruptAt} of the copy (none if negative). Returns
     * false when the ring is full.
     */
    boolean offer(PacketBuffer pkt, int corruptAt) {
        synchronized (senders) {
            long t = tail;
            if (t - head >= slots.length) return false;
            PacketBuffer slot = slots[(int) (t % slots.length)];
            slot.set(PacketBuffers.HEADROOM, pkt.array(), pkt.start(), pkt.length());
            if (corruptAt >= 0 && corruptAt < slot.length()) slot.array()[slot.start() + corruptAt] ^= (byte) 0x5a;
            tail = t + 1;
        }
        Thread w = waiter;
        if (w != null) LockSupport.unpark(w);
        return true;
    }

    /** The buffer at the head, waiting up to {@code timeoutNanos}; null when the ring stayed empty. Receiver only. */
    PacketBuffer peek(long timeoutNanos) {
        long h = head;
        if (h == tail) {
            for (int i = 0; i < 64 && h == tail; i++) Thread.onSpinWait();
            if (h == tail) {
                waiter = Thread.currentThread();
                if (h == tail) LockSupport.parkNanos(this, timeoutNanos);
                waiter = null;
                if (h == tail) return null;
            }
        }
        return slots[(int) (h % slots.length)];
    }

    /** Frees the head slot after its packet was handled. Receiver only. */
    void release() {
        head = head + 1;
    }

    /** Drops every queued packet. Receiver only (or when no receiver runs). */
    void clear() {
        synchronized (senders) {
            head = tail;
        }
    }

    /** Wakes the receiver (to see that it should stop). */
    void wake() {
        Thread w = waiter;
        if (w != null) LockSupport.unpark(w);
    }

    int size() {
        return (int) (tail - head);
    }
}
