package org.ipsec4j.io.pcap.live;

import com.sun.jna.Pointer;

/**
 * A JNA pointer whose address can be changed, so that reading what libpcap returns by address allocates no new
 * {@link Pointer} per packet. Confined to the thread that owns it.
 */
final class NativeAddress extends Pointer {
    NativeAddress() {
        super(0);
    }

    /** Points this at {@code address}; returns this. */
    NativeAddress at(long address) {
        peer = address;
        return this;
    }
}
