package org.ipsec4j.io.pcap.live;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.concurrent.locks.StampedLock;
import org.ipsec4j.io.pcap.ethernet.EthernetFrames;
import org.ipsec4j.io.pcap.ethernet.EthernetStation;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * A live libpcap handle on one Ethernet interface, opened through pcap4j (non-promiscuous, immediate mode, incoming
 * direction only, a BPF filter for the frames a station wants), read and written through {@link LibPcap}.
 *
 * <p>Reads are non-blocking {@code pcap_next_ex} calls; when none is waiting, {@link #read} polls the handle's
 * descriptor for at most {@value #READ_TIMEOUT_MILLIS} ms, so that the reader can run its timers and notice a stop
 * (libpcap's own timeout does not apply in immediate mode on Linux: a blocking read would wait forever).
 *
 * <p>One thread reads ({@link #read}); any thread may {@link #send}. {@link #close} waits for running sends and must
 * not overlap {@link #read}: the port stops its reader first.
 */
final class PcapLink implements EthernetStation.FrameSender, Closeable {
    /** {@link #read}: the read timed out. */
    static final int TIMEOUT = 0;
    /** {@link #read}: a frame longer than the room given, or cut by the snap length; it was skipped. */
    static final int TOO_LONG = -1;
    private static final int READ_TIMEOUT_MILLIS = 100;
    private static final int KERNEL_BUFFER = 8 << 20;

    private final PcapHandle handle;
    private final Pointer pcap;
    private final StampedLock closing = new StampedLock();
    private volatile boolean open = true;
    // reader's
    private final Memory pollFd = new Memory(LibC.POLLFD_SIZE);
    private final int fd;
    private final Memory results = new Memory(2L * Native.POINTER_SIZE);
    private final Pointer dataResult = results.share(Native.POINTER_SIZE);
    private final NativeAddress header = new NativeAddress();
    private final NativeAddress data = new NativeAddress();
    private final int frameRoom;
    private final ThreadLocal<Memory> sendFrames;

    private PcapLink(PcapHandle handle, Pointer pcap, int frameRoom) throws IOException {
        this.handle = handle;
        this.pcap = pcap;
        this.fd = LibPcap.pcap_get_selectable_fd(pcap);
        if (fd < 0) throw new IOException("libpcap offers no descriptor to poll");
        pollFd.clear();
        pollFd.setInt(0, fd);
        pollFd.setShort(4, LibC.POLLIN);
        this.frameRoom = frameRoom;
        this.sendFrames = ThreadLocal.withInitial(() -> new Memory(frameRoom));
    }

    /**
     * Opens {@code interfaceName} for frames of up to {@code frameRoom} bytes that match the BPF {@code filter}. The
     * calling thread's network namespace is the one of the interface.
     */
    static PcapLink open(String interfaceName, int frameRoom, String filter) throws IOException {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        // pcap4j finds its factories and properties through the context class loader.
        t.setContextClassLoader(PcapLink.class.getClassLoader());
        PcapHandle h = null;
        try {
            h = new PcapHandle.Builder(interfaceName)
                    .snaplen(frameRoom)
                    .promiscuousMode(PromiscuousMode.NONPROMISCUOUS)
                    .immediateMode(true)
                    .timeoutMillis(READ_TIMEOUT_MILLIS)
                    .bufferSize(KERNEL_BUFFER)
                    .direction(PcapHandle.PcapDirection.IN)
                    .build();
            if (h.getDlt().value() != DataLinkType.EN10MB.value()) {
                throw new IOException("interface " + interfaceName + " is not Ethernet (" + h.getDlt() + ")");
            }
            h.setFilter(filter, BpfCompileMode.OPTIMIZE);
            h.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            PcapLink link = new PcapLink(h, pointerOf(h), frameRoom);
            h = null;
            return link;
        } catch (PcapNativeException | NotOpenException e) {
            throw new IOException("cannot open " + interfaceName + ": " + e.getMessage(), e);
        } finally {
            if (h != null) h.close();
            t.setContextClassLoader(before);
        }
    }

    /** The {@code pcap_t *} inside a pcap4j handle (pcap4j 1.8.2 keeps it in the private field {@code handle}). */
    private static Pointer pointerOf(PcapHandle h) throws IOException {
        try {
            Field f = PcapHandle.class.getDeclaredField("handle");
            f.setAccessible(true);
            return (Pointer) f.get(h);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("this pcap4j does not expose its pcap_t: " + e, e);
        }
    }

    /**
     * Reads the next frame into {@code dst[off..off+max)}, waiting at most {@value #READ_TIMEOUT_MILLIS} ms. Returns its
     * length, or {@link #TIMEOUT}, {@link #TOO_LONG}. Allocates nothing.
     *
     * @throws IOException when libpcap reports an error (the interface went away or down)
     */
    int read(byte[] dst, int off, int max) throws IOException {
        int rc = next(dst, off, max);
        if (rc != TIMEOUT) return rc;
        if (LibC.poll(pollFd, 1, READ_TIMEOUT_MILLIS) <= 0) return TIMEOUT;
        return next(dst, off, max);
    }

    private int next(byte[] dst, int off, int max) throws IOException {
        int rc = LibPcap.pcap_next_ex(pcap, results, dataResult);
        if (rc == 1) {
            header.at(address(0));
            int caplen = header.getInt(LibPcap.CAPLEN_OFFSET);
            int wireLen = header.getInt(LibPcap.LEN_OFFSET);
            if (caplen != wireLen || caplen > max) return TOO_LONG;
            data.at(address(Native.POINTER_SIZE));
            data.read(0, dst, off, caplen);
            return caplen;
        }
        if (rc == 0) return TIMEOUT;
        throw new IOException(LibPcap.pcap_geterr(pcap).getString(0));
    }

    private long address(int slot) {
        return Native.POINTER_SIZE == 8 ? results.getLong(slot) : results.getInt(slot) & 0xffffffffL;
    }

    /** Sends one frame (copied to this thread's native frame buffer). False when closed, too long or refused. */
    @Override
    public boolean send(byte[] frame, int off, int len) {
        if (len > frameRoom || len < EthernetFrames.HEADER) return false;
        long stamp = closing.tryReadLock();
        if (stamp == 0) return false;
        try {
            if (!open) return false;
            Memory m = sendFrames.get();
            m.write(0, frame, off, len);
            return LibPcap.pcap_sendpacket(pcap, m, len) == 0;
        } finally {
            closing.unlockRead(stamp);
        }
    }

    /** Joins the Ethernet multicast group {@code mac} on interface {@code index} for as long as the handle is open. */
    void joinMulticast(int index, byte[] mac) throws IOException {
        LibC.joinMulticast(fd, index, mac);
    }

    /** The pcap4j handle, for statistics and tests. */
    PcapHandle handle() {
        return handle;
    }

    @Override
    public void close() {
        long stamp = closing.writeLock();
        try {
            if (!open) return;
            open = false;
            handle.close();
        } finally {
            closing.unlockWrite(stamp);
        }
    }
}
