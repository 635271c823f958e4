package org.ipsec4j.sad;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The anti-replay window of one inbound SA (RFC 4303 section 3.4.3), kept as the ring of 64-bit words of RFC 6479, and
 * aware of extended sequence numbers (RFC 4303 appendix A).
 *
 * <p>Use in two phases, as the BSD stacks do: {@link #check(int)} before the ICV is verified (lock-free, changes
 * nothing, returns the full 64-bit sequence number), then {@link #commit(long)} after the ICV verified (under this
 * window's monitor, which is the SA's replay lock; returns false if another thread committed the same number first).
 *
 * <p>The window covers {@code size} packets: the highest number seen, {@code top}, and the {@code size - 1} below it.
 * The ring has a power-of-two count of words, at least one more than the window needs, so that sliding the window only
 * clears the words it enters. A window of size 0 disables anti-replay: every number passes, and the highest one seen
 * is still tracked so that the high half of an ESN can be inferred (then with half the 32-bit space as window, the
 * serial number arithmetic of RFC 1982).
 *
 * <p>{@link #check(int)} reads without the lock. It may accept a number that {@link #commit(long)} then refuses, never
 * the other way round: words are cleared before {@code top} moves (a volatile write), and bits are set afterwards.
 * Allocates nothing.
 */
public final class ReplayWindow {
    /** The largest window supported, in packets (setkey's {@code -r 4096}). */
    public static final int MAX_PACKETS = 32768;

    private static final long LOW32 = 0xFFFF_FFFFL;
    /** Window used only to infer ESN high halves when anti-replay is off. */
    private static final long INFERENCE_ONLY_WINDOW = 1L << 31;
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    private final int size;
    private final boolean esn;
    private final long[] words;
    private final int mask;
    /** The highest sequence number committed, 0 before the first. Written under the monitor. */
    private volatile long top;
    /** Set when the SA's configuration replaced this window; commits then fail. Guarded by the monitor. */
    private boolean retired;

    /**
     * @param size packets the window covers (8 times setkey's {@code -r}); 0 disables anti-replay
     * @param esn  whether the SA uses extended (64-bit) sequence numbers
     */
    public ReplayWindow(int size, boolean esn) {
        if (size < 0 || size > MAX_PACKETS) {
            throw new IllegalArgumentException("replay window of " + size + " packets out of range 0.." + MAX_PACKETS);
        }
        this.size = size;
        this.esn = esn;
        int needed = size == 0 ? 1 : (size + 63) / 64 + 1;
        int count = Integer.highestOneBit(needed);
        if (count < needed) {
            count <<= 1;
        }
        this.words = new long[count];
        this.mask = count - 1;
    }

    /** Packets the window covers; 0 when anti-replay is disabled. */
    public int size() {
        return size;
    }

    public boolean extendedSequence() {
        return esn;
    }

    /** The highest sequence number committed (64 bits with ESN), 0 before the first. */
    public long highest() {
        return top;
    }

    /**
     * Phase one: the full sequence number of a packet that carries {@code wire} (the 32 bits of its header), or -1 when
     * it was seen already, lies left of the window, or is 0.
     */
    public long check(int wire) {
        long t = top;
        long seq = esn ? inferEsn(t, wire) : wire & LOW32;
        if (size == 0) {
            return seq < 0 ? -1 : seq;
        }
        if (seq <= 0) {
            return -1;
        }
        if (seq > t) {
            return seq;
        }
        if (t - seq >= size) {
            return -1;
        }
        long word = (long) WORDS.getOpaque(words, (int) ((seq >>> 6) & mask));
        return (word & (1L << (seq & 63))) != 0 ? -1 : seq;
    }

    /**
     * Phase two: records {@code seq} (a value {@link #check(int)} returned) as seen and slides the window when it is
     * the new highest. Returns false when it was committed already, or is left of the window by now.
     */
    public synchronized boolean commit(long seq) {
        if (retired) {
            return false;
        }
        long t = top;
        if (size == 0) {
            if (seq < 0 || (!esn && seq > LOW32)) {
                return false;
            }
            if (seq > t) {
                top = seq;
            }
            return true;
        }
        if (seq <= 0 || (!esn && seq > LOW32)) {
            return false;
        }
        if (seq > t) {
            long oldIndex = t >>> 6;
            long steps = Math.min((seq >>> 6) - oldIndex, words.length);
            for (long i = 1; i <= steps; i++) {
                WORDS.setOpaque(words, (int) ((oldIndex + i) & mask), 0L);
            }
            top = seq;
        } else if (t - seq >= size) {
            return false;
        }
        int index = (int) ((seq >>> 6) & mask);
        long bit = 1L << (seq & 63);
        long word = (long) WORDS.getOpaque(words, index);
        if ((word & bit) != 0) {
            return false;
        }
        WORDS.setOpaque(words, index, word | bit);
        return true;
    }

    /**
     * Restores a right edge known from before a restart: every number up to {@code edge} counts as seen (a packet that
     * carries one is a replay), every number beyond it is new. Does nothing when the window is past {@code edge}
     * already, or {@code edge} is not a number of this window (0, or beyond 32 bits without ESN).
     */
    public synchronized void restore(long edge) {
        if (edge <= top || (!esn && edge > LOW32)) {
            return;
        }
        // the other words of the ring hold numbers below the edge's word: all seen; in the edge's word, up to the edge
        java.util.Arrays.fill(words, -1L);
        int bit = (int) (edge & 63);
        words[(int) ((edge >>> 6) & mask)] = bit == 63 ? -1L : (1L << (bit + 1)) - 1;
        top = edge;
    }

    /**
     * A window of another size or ESN setting with this one's state: the highest number, the numbers seen within both
     * windows, and every number this window had already passed (left of it) counted as seen, so that enlarging the
     * window reopens nothing; when the ESN setting changes every number up to the highest counts as seen. This window
     * is retired: later commits to it fail, so no packet slips through while an update swaps the windows.
     */
    public synchronized ReplayWindow resized(int newSize, boolean newEsn) {
        ReplayWindow w = new ReplayWindow(newSize, newEsn);
        long t = top;
        w.top = newEsn ? t : Math.min(t, LOW32);
        // The last min(old, new) numbers keep their bits. Numbers the new window covers but the old one had already
        // passed (it refused them as too old) are marked seen: a larger window must not reopen them.
        int keep = newEsn == esn ? Math.min(size, newSize) : 0;
        for (long s = Math.max(1, w.top - newSize + 1); s <= w.top && newSize > 0; s++) {
            boolean seen = s <= t - keep || (words[(int) ((s >>> 6) & mask)] & (1L << (s & 63))) != 0;
            if (seen) {
                w.words[(int) ((s >>> 6) & w.mask)] |= 1L << (s & 63);
            }
        }
        retired = true;
        return w;
    }

    /**
     * RFC 4303 appendix A.2.2: the full number of {@code wire} given the highest number seen. Returns -1 when the
     * inferred high half would fall before the first subspace or beyond what a signed long holds.
     */
    private long inferEsn(long t, int wire) {
        long w = size == 0 ? INFERENCE_ONLY_WINDOW : size;
        long tl = t & LOW32;
        long th = t >>> 32;
        long seql = wire & LOW32;
        long seqh;
        if (tl >= w - 1) {
            // Case A: the window lies within one subspace.
            seqh = seql >= tl - w + 1 ? th : th + 1;
        } else {
            // Case B: the window spans two subspaces.
            seqh = seql >= ((tl - w + 1) & LOW32) ? th - 1 : th;
        }
        if (seqh < 0 || seqh > Integer.MAX_VALUE) {
            return -1;
        }
        return seqh << 32 | seql;
    }

    @Override
    public String toString() {
        return "ReplayWindow[size=" + size + ", esn=" + esn + ", top=" + top + "]";
    }
}
