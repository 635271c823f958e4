package org.ipsec4j.io.pcap.live;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** The few Linux calls that ask the kernel about an interface (in the network namespace of the calling thread). */
final class LibC {
    private LibC() {
    }

    static {
        Native.register(LibC.class, Platform.C_LIBRARY_NAME);
    }

    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final long SIOCGIFMTU = 0x8921;
    private static final long SIOCGIFHWADDR = 0x8927;
    private static final int IFNAMSIZ = 16;
    private static final int IFREQ_SIZE = 40;
    private static final int ARPHRD_ETHER = 1;

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    /** {@code int poll(struct pollfd *, nfds_t, int)}; {@code nfds_t} is an unsigned long (64-bit Linux). */
    static native int poll(Pointer fds, long nfds, int timeoutMillis);

    static final short POLLIN = 1;
    /** {@code struct pollfd}: int fd, short events, short revents. */
    static final int POLLFD_SIZE = 8;

    /** What the kernel says about an Ethernet interface: its MTU and MAC address. */
    record InterfaceFacts(int mtu, byte[] mac) {
    }

    /** The MTU and MAC of {@code name}; fails if there is no such interface or it is not Ethernet. */
    static InterfaceFacts interfaceFacts(String name) {
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (n.length == 0 || n.length >= IFNAMSIZ) throw new IllegalArgumentException("bad interface name: " + name);
        int fd = socket(AF_INET, SOCK_DGRAM, 0);
        try (Memory ifr = new Memory(IFREQ_SIZE)) {
            ifr.clear();
            ifr.write(0, n, 0, n.length);
            ioctl(fd, new NativeLong(SIOCGIFMTU), ifr);
            int mtu = ifr.getInt(IFNAMSIZ);
            ifr.clear();
            ifr.write(0, n, 0, n.length);
            ioctl(fd, new NativeLong(SIOCGIFHWADDR), ifr);
            int family = ifr.getShort(IFNAMSIZ) & 0xffff;
            if (family != ARPHRD_ETHER) {
                throw new IllegalArgumentException("interface " + name + " is not Ethernet (hardware type " + family + ")");
            }
            return new InterfaceFacts(mtu, ifr.getByteArray(IFNAMSIZ + 2, 6));
        } catch (LastErrorException e) {
            throw new IllegalArgumentException("interface " + name + ": " + errorText(e.getErrorCode()), e);
        } finally {
            close(fd);
        }
    }

    static String errorText(int errno) {
        return switch (errno) {
            case 19 -> "no such device";
            case 1, 13 -> "permission denied";
            default -> "error " + errno;
        };
    }
}
