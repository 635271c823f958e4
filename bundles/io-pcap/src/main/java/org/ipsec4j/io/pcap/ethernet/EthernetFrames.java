package org.ipsec4j.io.pcap.ethernet;

import java.util.Locale;

/** Ethernet II framing: the 14-byte header, ethertypes and MAC addresses as 6-byte arrays. */
public final class EthernetFrames {
    private EthernetFrames() {
    }

    /** Destination MAC, source MAC, ethertype. */
    public static final int HEADER = 14;
    /** The shortest frame on the wire, without the frame check sequence. */
    public static final int MIN_FRAME = 60;
    public static final int MAC_LENGTH = 6;
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_IPV6 = 0x86dd;
    static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    /** Writes a header at {@code off}: destination, source, ethertype. */
    static void writeHeader(byte[] frame, int off, byte[] dst, int dstOff, byte[] src, int ethertype) {
        System.arraycopy(dst, dstOff, frame, off, MAC_LENGTH);
        System.arraycopy(src, 0, frame, off + MAC_LENGTH, MAC_LENGTH);
        frame[off + 12] = (byte) (ethertype >>> 8);
        frame[off + 13] = (byte) ethertype;
    }

    static int ethertype(byte[] frame, int off) {
        return u16(frame, off + 12);
    }

    /** Whether the MAC at {@code off} has the group bit (multicast, broadcast). */
    static boolean isGroup(byte[] mac, int off) {
        return (mac[off] & 1) != 0;
    }

    static boolean isZero(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (b[off + i] != 0) return false;
        }
        return true;
    }

    static boolean sameMac(byte[] a, int aOff, byte[] b, int bOff) {
        for (int i = 0; i < MAC_LENGTH; i++) {
            if (a[aOff + i] != b[bOff + i]) return false;
        }
        return true;
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    /**
     * Parses {@code aa:bb:cc:dd:ee:ff} (or with dashes); rejects group (multicast) and all-zero addresses, which a
     * port cannot own.
     */
    public static byte[] parseMac(String text) {
        String[] parts = text.trim().split("[:-]");
        if (parts.length != MAC_LENGTH) throw new IllegalArgumentException("not a MAC address: " + text);
        byte[] mac = new byte[MAC_LENGTH];
        for (int i = 0; i < MAC_LENGTH; i++) {
            if (parts[i].length() < 1 || parts[i].length() > 2) {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            try {
                mac[i] = (byte) Integer.parseInt(parts[i], 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
        }
        if (isGroup(mac, 0)) throw new IllegalArgumentException("a multicast MAC address cannot be a port's: " + text);
        if (isZero(mac, 0, MAC_LENGTH)) throw new IllegalArgumentException("the zero MAC address: " + text);
        return mac;
    }

    /** {@code aa:bb:cc:dd:ee:ff}. */
    public static String formatMac(byte[] mac, int off) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < MAC_LENGTH; i++) {
            if (i > 0) sb.append(':');
            sb.append(String.format(Locale.ROOT, "%02x", mac[off + i] & 0xff));
        }
        return sb.toString();
    }
}
