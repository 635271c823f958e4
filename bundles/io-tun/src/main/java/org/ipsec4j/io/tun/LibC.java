package org.ipsec4j.io.tun;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The Linux calls of a TUN device, direct-mapped through JNA (64-bit Linux: {@code size_t}, {@code ssize_t},
 * {@code nfds_t} and the {@code unsigned long} of {@code ioctl} are Java {@code long}s). Each throws
 * {@link LastErrorException} with {@code errno} when it fails; nothing is allocated when it succeeds.
 */
final class LibC {
    private LibC() {
    }

    static {
        Native.register(LibC.class, Platform.C_LIBRARY_NAME);
    }

    static final int O_RDWR = 2;
    static final int O_CLOEXEC = 0x80000;
    static final int AF_INET = 2;
    static final int SOCK_DGRAM = 2;
    /** {@code _IOW('T', 202, int)}. */
    static final long TUNSETIFF = 0x400454caL;
    static final long SIOCGIFMTU = 0x8921;
    static final long SIOCSIFMTU = 0x8922;
    static final short IFF_TUN = 0x0001;
    static final short IFF_NO_PI = 0x1000;
    static final int IFNAMSIZ = 16;
    static final int IFREQ_SIZE = 40;
    static final short POLLIN = 1;
    static final int POLLFD_SIZE = 8;
    static final int EINTR = 4;
    static final int EAGAIN = 11;

    static native int open(String path, int flags) throws LastErrorException;

    static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

    static native long read(int fd, Pointer buf, long count) throws LastErrorException;

    static native long write(int fd, Pointer buf, long count) throws LastErrorException;

    static native int poll(Pointer fds, long nfds, int timeoutMillis) throws LastErrorException;

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    /** A short text for an errno of these calls. */
    static String errorText(int errno) {
        return switch (errno) {
            case 1, 13 -> "permission denied (CAP_NET_ADMIN needed, or the device belongs to another user)";
            case 2 -> "no such file (is the tun module loaded?)";
            case 16 -> "device busy (another process has it open)";
            case 19 -> "no such device";
            case 22 -> "invalid argument (is it a TAP device, or a TUN device with other flags?)";
            default -> "error " + errno;
        };
    }
}
