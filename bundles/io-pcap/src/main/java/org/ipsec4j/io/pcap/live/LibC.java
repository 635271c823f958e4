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
    private static final long SIOCGIFINDEX = 0x8933;
    private static final int SOL_PACKET = 263;
    private static final int PACKET_ADD_MEMBERSHIP = 1;
    private static final short PACKET_MR_MULTICAST = 0;
    /** {@code struct packet_mreq}: int ifindex, unsigned short type, unsigned short alen, unsigned char address[8]. */
    private static final int PACKET_MREQ_SIZE = 16;
    private static final int IFNAMSIZ = 16;
    private static final int IFREQ_SIZE = 40;
    private static final int ARPHRD_ETHER = 1;

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, Pointer value, int length) throws LastErrorException;

    /** {@code int poll(struct pollfd *, nfds_t, int)}; {@code nfds_t} is an unsigned long (64-bit Linux). */
    static native int poll(Pointer fds, long nfds, int timeoutMillis);

    static final short POLLIN = 1;
    /** {@code struct pollfd}: int fd, short events, short revents. */
    static final int POLLFD_SIZE = 8;

    /** What the kernel says about an Ethernet interface: its index, MTU and MAC address. */
    record InterfaceFacts(int index, int mtu, byte[] mac) {
    }

    /** The MTU and MAC of {@code name}; fails if there is no such interface or it is not Ethernet. */
    static InterfaceFacts interfaceFacts(String name) {
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (n.length == 0 || n.length >= IFNAMSIZ) throw new IllegalArgumentException("bad interface name: " + name);
        int fd = socket(AF_INET, SOCK_DGRAM, 0);
        try (Memory ifr = new Memory(IFREQ_SIZE)) {
            ifr.clear();
            ifr.write(0, n, 0, n.length);
            ioctl(fd, new NativeLong(SIOCGIFINDEX), ifr);
            int index = ifr.getInt(IFNAMSIZ);
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
            return new InterfaceFacts(index, mtu, ifr.getByteArray(IFNAMSIZ + 2, 6));
        } catch (LastErrorException e) {
            throw new IllegalArgumentException("interface " + name + ": " + errorText(e.getErrorCode()), e);
        } finally {
            close(fd);
        }
    }

    /**
     * Makes the packet socket {@code fd} a member of the Ethernet multicast group {@code mac} on interface
     * {@code index}: the interface's filter then lets those frames in without promiscuous mode, as long as the socket
     * is open.
     */
    static void joinMulticast(int fd, int index, byte[] mac) throws java.io.IOException {
        try (Memory mreq = new Memory(PACKET_MREQ_SIZE)) {
            mreq.clear();
            mreq.setInt(0, index);
            mreq.setShort(4, PACKET_MR_MULTICAST);
            mreq.setShort(6, (short) mac.length);
            mreq.write(8, mac, 0, mac.length);
            setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, mreq, PACKET_MREQ_SIZE);
        } catch (LastErrorException e) {
            throw new java.io.IOException("cannot join " + org.ipsec4j.io.pcap.ethernet.EthernetFrames.formatMac(mac, 0)
                    + ": " + errorText(e.getErrorCode()), e);
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
