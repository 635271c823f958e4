package org.ipsec4j.io.pcap.live;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libpcap calls of the data path, direct-mapped through JNA on the library pcap4j loaded, for a {@code pcap_t}
 * that pcap4j opened: {@code pcap_next_ex} (non-blocking) with out-parameters in native memory the caller reuses, and
 * {@code pcap_sendpacket} from native memory. pcap4j's own {@code getNextRawPacket} and {@code sendPacket(byte[], int)}
 * allocate a byte array, JNA structures and pointers per packet (see {@code PcapReadCostTest}); these calls allocate
 * nothing.
 */
final class LibPcap {
    private LibPcap() {
    }

    static {
        String name = System.getProperty("org.pcap4j.core.pcapLibName", Platform.isWindows() ? "wpcap" : "pcap");
        Native.register(LibPcap.class, NativeLibrary.getInstance(name));
    }

    /** {@code int pcap_next_ex(pcap_t *, struct pcap_pkthdr **, const u_char **)}: 1 packet, 0 timeout, -1 error, -2 break. */
    static native int pcap_next_ex(Pointer pcap, Pointer header, Pointer data);

    static native int pcap_sendpacket(Pointer pcap, Pointer frame, int length);

    /** {@code int pcap_get_selectable_fd(pcap_t *)}: the descriptor to poll. */
    static native int pcap_get_selectable_fd(Pointer pcap);

    static native Pointer pcap_geterr(Pointer pcap);

    /** The offset of {@code caplen} in {@code struct pcap_pkthdr} (after a {@code struct timeval}). */
    static final int CAPLEN_OFFSET = 2 * Native.LONG_SIZE;
    /** The offset of {@code len} (the length on the wire). */
    static final int LEN_OFFSET = CAPLEN_OFFSET + 4;
}
