package org.ipsec4j.api.packet;

/**
 * One packet in a reusable byte array, with head-room before it and tail-room after it so that headers can be added
 * in front and padding and ICVs behind without copying (like Netty's ByteBuf reader and writer indexes). The packet
 * is {@code array()[start() .. end())}. Not thread-safe: a buffer belongs to one stage of the data path at a time.
 */
public final class PacketBuffer {
    private final byte[] array;
    private int start;
    private int end;

    /** A buffer of {@code capacity} bytes whose empty packet starts at {@code headroom}. */
    public PacketBuffer(int capacity, int headroom) {
        if (headroom < 0 || headroom > capacity) throw new IllegalArgumentException("headroom " + headroom);
        this.array = new byte[capacity];
        this.start = headroom;
        this.end = headroom;
    }

    /** Empties the buffer, leaving {@code headroom} bytes in front. */
    public PacketBuffer reset(int headroom) {
        if (headroom < 0 || headroom > array.length) throw new IllegalArgumentException("headroom " + headroom);
        start = headroom;
        end = headroom;
        return this;
    }

    /** Empties the buffer and copies {@code src[off..off+len)} in at {@code headroom}. */
    public PacketBuffer set(int headroom, byte[] src, int off, int len) {
        if (headroom < 0 || len < 0 || headroom + len > array.length) {
            throw new IllegalArgumentException("packet of " + len + " bytes does not fit at " + headroom);
        }
        System.arraycopy(src, off, array, headroom, len);
        start = headroom;
        end = headroom + len;
        return this;
    }

    public byte[] array() { return array; }
    /** Offset of the packet's first byte in {@link #array()}. */
    public int start() { return start; }
    /** Offset just past the packet's last byte. */
    public int end() { return end; }
    public int length() { return end - start; }
    public int headroom() { return start; }
    public int tailroom() { return array.length - end; }
    public int capacity() { return array.length; }

    /** Grows the packet at the front by {@code n} bytes (into the head-room); returns the new start. */
    public int prepend(int n) {
        if (n < 0 || n > start) throw new IndexOutOfBoundsException("no head-room for " + n + " bytes");
        start -= n;
        return start;
    }

    /** Grows the packet at the back by {@code n} bytes (into the tail-room); returns the offset of the first new byte. */
    public int append(int n) {
        if (n < 0 || n > array.length - end) throw new IndexOutOfBoundsException("no tail-room for " + n + " bytes");
        int at = end;
        end += n;
        return at;
    }

    /** Drops {@code n} bytes from the front. */
    public void trimFront(int n) {
        if (n < 0 || n > length()) throw new IndexOutOfBoundsException("cannot trim " + n + " of " + length());
        start += n;
    }

    /** Drops {@code n} bytes from the back. */
    public void trimBack(int n) {
        if (n < 0 || n > length()) throw new IndexOutOfBoundsException("cannot trim " + n + " of " + length());
        end -= n;
    }

    /** Sets the packet to {@code array()[start..end)}. */
    public void bounds(int start, int end) {
        if (start < 0 || end < start || end > array.length) {
            throw new IndexOutOfBoundsException("bounds " + start + ".." + end + " of " + array.length);
        }
        this.start = start;
        this.end = end;
    }

    /** A copy of the packet's bytes (for tests and the control plane, never the data path). */
    public byte[] toByteArray() {
        return java.util.Arrays.copyOfRange(array, start, end);
    }
}
