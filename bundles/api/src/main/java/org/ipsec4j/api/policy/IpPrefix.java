package org.ipsec4j.api.policy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An address with a prefix length, e.g. {@code 10.1.1.0/24}. Immutable. The address keeps its host bits as written
 * (setkey prints what the user typed), matching ignores them.
 */
public final class IpPrefix {
    private final InetAddress address;
    private final int length;
    private final byte[] bytes;

    public IpPrefix(InetAddress address, int length) {
        this.address = Objects.requireNonNull(address, "address");
        this.bytes = address.getAddress();
        int max = bytes.length * 8;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " out of range 0.." + max);
        }
        this.length = length;
    }

    /** The host prefix of one address (/32 or /128). */
    public static IpPrefix host(InetAddress a) {
        return new IpPrefix(a, a.getAddress().length * 8);
    }

    public InetAddress address() {
        return address;
    }

    public int length() {
        return length;
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** The full length of this family's addresses: 32 or 128. */
    public int maxLength() {
        return bytes.length * 8;
    }

    public boolean isHost() {
        return length == maxLength();
    }

    /** The prefix with its host bits cleared, e.g. 10.1.1.0 for 10.1.1.7/24. */
    public InetAddress network() {
        byte[] b = bytes.clone();
        for (int i = 0; i < b.length; i++) {
            int bits = Math.max(0, Math.min(8, length - i * 8));
            b[i] &= (byte) ((0xff00 >>> bits) & 0xff);
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether the address {@code buf[off..off+len)} (4 or 16 bytes) lies inside this prefix. Allocates nothing. */
    public boolean contains(byte[] buf, int off, int len) {
        if (len != bytes.length) return false;
        int full = length >>> 3;
        for (int i = 0; i < full; i++) {
            if (buf[off + i] != bytes[i]) return false;
        }
        int rest = length & 7;
        if (rest == 0) return true;
        int m = (0xff00 >>> rest) & 0xff;
        return ((buf[off + full] ^ bytes[full]) & m) == 0;
    }

    public boolean contains(InetAddress a) {
        byte[] b = a.getAddress();
        return contains(b, 0, b.length);
    }

    /** Equal when address family, network bits and length agree (host bits are ignored, as for matching). */
    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix p && p.length == length && p.bytes.length == bytes.length
                && p.contains(bytes, 0, bytes.length);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network().getAddress()) * 31 + length;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + length;
    }
}
