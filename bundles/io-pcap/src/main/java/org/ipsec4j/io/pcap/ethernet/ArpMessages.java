package org.ipsec4j.io.pcap.ethernet;

/**
 * ARP for IPv4 over Ethernet (RFC 826): field offsets in the 28-byte message that follows the Ethernet header, the
 * checks a received message must pass, and the requests and replies this port sends.
 */
final class ArpMessages {
    private ArpMessages() {
    }

    static final int LENGTH = 28;
    static final int REQUEST = 1;
    static final int REPLY = 2;
    static final int SENDER_MAC = 8;
    static final int SENDER_IP = 14;
    static final int TARGET_MAC = 18;
    static final int TARGET_IP = 24;
    private static final int HTYPE_ETHERNET = 1;

    /** Whether {@code b[off..off+len)} is an Ethernet/IPv4 ARP request or reply with a unicast sender MAC. */
    static boolean valid(byte[] b, int off, int len) {
        if (len < LENGTH) return false;
        if (EthernetFrames.u16(b, off) != HTYPE_ETHERNET) return false;
        if (EthernetFrames.u16(b, off + 2) != EthernetFrames.ETHERTYPE_IPV4) return false;
        if (b[off + 4] != EthernetFrames.MAC_LENGTH || b[off + 5] != 4) return false;
        int op = operation(b, off);
        if (op != REQUEST && op != REPLY) return false;
        return !EthernetFrames.isGroup(b, off + SENDER_MAC) && !EthernetFrames.isZero(b, off + SENDER_MAC, 6);
    }

    static int operation(byte[] b, int off) {
        return EthernetFrames.u16(b, off + 6);
    }

    /**
     * Writes a whole ARP frame (Ethernet header included, padded to the minimum frame) at {@code frame[0..]} and
     * returns its length.
     *
     * @param dstMac     the Ethernet destination (broadcast for requests, the requester for replies)
     * @param targetMac  the target hardware address field (zero in requests)
     */
    static int write(byte[] frame, int op, byte[] ourMac, byte[] senderIp, int senderIpOff, byte[] dstMac, int dstMacOff,
            byte[] targetMac, int targetMacOff, byte[] targetIp, int targetIpOff) {
        EthernetFrames.writeHeader(frame, 0, dstMac, dstMacOff, ourMac, EthernetFrames.ETHERTYPE_ARP);
        int a = EthernetFrames.HEADER;
        EthernetFrames.put16(frame, a, HTYPE_ETHERNET);
        EthernetFrames.put16(frame, a + 2, EthernetFrames.ETHERTYPE_IPV4);
        frame[a + 4] = EthernetFrames.MAC_LENGTH;
        frame[a + 5] = 4;
        EthernetFrames.put16(frame, a + 6, op);
        System.arraycopy(ourMac, 0, frame, a + SENDER_MAC, 6);
        System.arraycopy(senderIp, senderIpOff, frame, a + SENDER_IP, 4);
        if (targetMac == null) {
            java.util.Arrays.fill(frame, a + TARGET_MAC, a + TARGET_MAC + 6, (byte) 0);
        } else {
            System.arraycopy(targetMac, targetMacOff, frame, a + TARGET_MAC, 6);
        }
        System.arraycopy(targetIp, targetIpOff, frame, a + TARGET_IP, 4);
        java.util.Arrays.fill(frame, a + LENGTH, EthernetFrames.MIN_FRAME, (byte) 0);
        return EthernetFrames.MIN_FRAME;
    }
}
