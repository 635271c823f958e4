package org.ipsec4j.engine;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The addresses this gateway owns: packets for them are received here (IPsec input, then local delivery), others are
 * forwarded. Copy-on-write: {@link #contains(byte[], int, int)} runs lock-free and allocates nothing.
 */
public final class LocalAddresses {
    private volatile byte[][] addresses = new byte[0][];

    /** Adds an address; returns false if it was there. */
    public synchronized boolean add(InetAddress a) {
        byte[] b = a.getAddress();
        for (byte[] x : addresses) {
            if (Arrays.equals(x, b)) return false;
        }
        byte[][] next = Arrays.copyOf(addresses, addresses.length + 1);
        next[addresses.length] = b;
        addresses = next;
        return true;
    }

    /** Removes an address; returns false if it was not there. */
    public synchronized boolean remove(InetAddress a) {
        byte[] b = a.getAddress();
        byte[][] cur = addresses;
        for (int i = 0; i < cur.length; i++) {
            if (Arrays.equals(cur[i], b)) {
                byte[][] next = new byte[cur.length - 1][];
                System.arraycopy(cur, 0, next, 0, i);
                System.arraycopy(cur, i + 1, next, i, cur.length - i - 1);
                addresses = next;
                return true;
            }
        }
        return false;
    }

    /** Whether {@code buf[off..off+len)} (4 or 16 bytes) is one of our addresses. */
    public boolean contains(byte[] buf, int off, int len) {
        for (byte[] a : addresses) {
            if (a.length == len && Arrays.equals(a, 0, len, buf, off, off + len)) return true;
        }
        return false;
    }

    public boolean contains(InetAddress a) {
        byte[] b = a.getAddress();
        return contains(b, 0, b.length);
    }

    /** The addresses, in the order added. */
    public List<InetAddress> list() {
        List<InetAddress> out = new ArrayList<>();
        for (byte[] b : addresses) {
            try {
                out.add(InetAddress.getByAddress(b));
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }
}
