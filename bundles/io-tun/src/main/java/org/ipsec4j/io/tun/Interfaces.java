package org.ipsec4j.io.tun;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Questions to the kernel about an interface, in the network namespace of the calling thread. */
final class Interfaces {
    private Interfaces() {
    }

    /** Whether an interface of that name exists. */
    static boolean exists(String name) {
        try {
            mtu(name);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The interface's MTU. */
    static int mtu(String name) throws IOException {
        try (Memory ifr = request(name)) {
            ioctl(name, LibC.SIOCGIFMTU, ifr);
            return ifr.getInt(LibC.IFNAMSIZ);
        }
    }

    /** Sets the interface's MTU. */
    static void setMtu(String name, int mtu) throws IOException {
        try (Memory ifr = request(name)) {
            ifr.setInt(LibC.IFNAMSIZ, mtu);
            ioctl(name, LibC.SIOCSIFMTU, ifr);
        }
    }

    private static Memory request(String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        Memory ifr = new Memory(LibC.IFREQ_SIZE);
        ifr.clear();
        ifr.write(0, n, 0, Math.min(n.length, LibC.IFNAMSIZ - 1));
        return ifr;
    }

    private static void ioctl(String name, long request, Memory ifr) throws IOException {
        int s;
        try {
            s = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM, 0);
        } catch (LastErrorException e) {
            throw new IOException("socket: " + LibC.errorText(e.getErrorCode()), e);
        }
        try {
            LibC.ioctl(s, request, ifr);
        } catch (LastErrorException e) {
            throw new IOException("interface " + name + ": " + LibC.errorText(e.getErrorCode()), e);
        } finally {
            LibC.close(s);
        }
    }
}
