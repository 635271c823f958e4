package org.ipsec4j.io.tun;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.StampedLock;

/**
 * A Linux TUN device opened with {@code IFF_TUN | IFF_NO_PI}: every read is one IP packet the kernel routed into the
 * device, every write one IP packet for the kernel. {@code TUNSETIFF} attaches to the device of that name when it
 * exists (a persistent device an administrator made with {@code ip tuntap add}), else creates one that lives as long
 * as this descriptor.
 *
 * <p>One thread reads ({@link #read}: polls for at most {@value #POLL_MILLIS} ms, then reads into native memory and
 * copies into the caller's array); any thread may {@link #write} (through a per-thread native buffer). {@link #close}
 * waits for running writes and must not overlap a read. Nothing is allocated per packet.
 */
final class TunDevice implements Closeable {
    /** {@link #read}: nothing arrived within the poll time. */
    static final int TIMEOUT = 0;
    static final int POLL_MILLIS = 100;

    private final int fd;
    private final String name;
    private final boolean created;
    private final int room;
    private final Memory pollFd = new Memory(LibC.POLLFD_SIZE);
    private final Memory readBuffer;
    private final ThreadLocal<Memory> writeBuffers;
    private final StampedLock closing = new StampedLock();
    private volatile boolean open = true;

    private TunDevice(int fd, String name, boolean created, int room) {
        this.fd = fd;
        this.name = name;
        this.created = created;
        this.room = room;
        this.readBuffer = new Memory(room);
        this.writeBuffers = ThreadLocal.withInitial(() -> new Memory(room));
        pollFd.clear();
        pollFd.setInt(0, fd);
        pollFd.setShort(4, LibC.POLLIN);
    }

    /**
     * Opens (attaching or creating) the TUN device {@code name} in the calling thread's network namespace, for packets
     * of up to {@code room} bytes.
     */
    static TunDevice open(String name, int room) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length == 0 || n.length >= LibC.IFNAMSIZ || name.contains("/") || name.contains("%")) {
            throw new IOException("bad device name: " + name);
        }
        boolean existed = Interfaces.exists(name);
        int fd;
        try {
            fd = LibC.open("/dev/net/tun", LibC.O_RDWR | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("cannot open /dev/net/tun: " + LibC.errorText(e.getErrorCode()), e);
        }
        try (Memory ifr = new Memory(LibC.IFREQ_SIZE)) {
            ifr.clear();
            ifr.write(0, n, 0, n.length);
            ifr.setShort(LibC.IFNAMSIZ, (short) (LibC.IFF_TUN | LibC.IFF_NO_PI));
            LibC.ioctl(fd, LibC.TUNSETIFF, ifr);
            return new TunDevice(fd, name, !existed, room);
        } catch (LastErrorException e) {
            LibC.close(fd);
            throw new IOException("cannot attach TUN device " + name + ": " + LibC.errorText(e.getErrorCode()), e);
        }
    }

    String name() {
        return name;
    }

    /** Whether opening created the device (it goes away with {@link #close}). */
    boolean created() {
        return created;
    }

    /**
     * Reads the next packet into {@code dst[off..]} (at most the room given at open). Returns its length or
     * {@link #TIMEOUT}.
     *
     * @throws IOException when the device fails
     */
    int read(byte[] dst, int off) throws IOException {
        try {
            if (LibC.poll(pollFd, 1, POLL_MILLIS) <= 0) return TIMEOUT;
            long n = LibC.read(fd, readBuffer, room);
            if (n <= 0) return TIMEOUT;
            readBuffer.read(0, dst, off, (int) n);
            return (int) n;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.EINTR || e.getErrorCode() == LibC.EAGAIN) return TIMEOUT;
            throw new IOException("reading " + name + ": " + LibC.errorText(e.getErrorCode()), e);
        }
    }

    /** Writes one packet to the kernel; false when closed, too long, or refused (e.g. the device is down). */
    boolean write(byte[] src, int off, int len) {
        if (len <= 0 || len > room) return false;
        long stamp = closing.tryReadLock();
        if (stamp == 0) return false;
        try {
            if (!open) return false;
            Memory m = writeBuffers.get();
            m.write(0, src, off, len);
            return LibC.write(fd, m, len) == len;
        } catch (LastErrorException e) {
            return false;
        } finally {
            closing.unlockRead(stamp);
        }
    }

    @Override
    public void close() {
        long stamp = closing.writeLock();
        try {
            if (!open) return;
            open = false;
            LibC.close(fd);
        } catch (LastErrorException e) {
            // closing a descriptor we own: nothing left to do
        } finally {
            closing.unlockWrite(stamp);
        }
    }
}
