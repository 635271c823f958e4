package org.ipsec4j.engine;

import org.ipsec4j.api.policy.FlowKey;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;

/**
 * The per-thread working state of the data path, allocated once per thread and reused for every packet: the flow key,
 * the IP header view, the SAs chosen for an outbound policy's rules, and the inbound history of the SAs a packet was
 * decapsulated with (outermost first), with the mode each was applied in.
 */
final class Scratch {
    /** Most rules in one policy, and most SAs nested in one inbound packet. */
    static final int MAX_SAS = 8;

    final FlowKey flow = new FlowKey();
    final IpPacket ip = new IpPacket();
    final SaEntry[] outbound = new SaEntry[MAX_SAS];
    final SaEntry[] history = new SaEntry[MAX_SAS];
    final IpsecMode[] historyMode = new IpsecMode[MAX_SAS];
    int historyLength;
    /** The current endpoints while an outbound bundle is resolved; the outer addresses while one is decapsulated. */
    final byte[] src = new byte[16];
    final byte[] dst = new byte[16];

    void clearOutbound(int n) {
        for (int i = 0; i < n; i++) outbound[i] = null;
    }

    void clearHistory() {
        for (int i = 0; i < historyLength; i++) {
            history[i] = null;
            historyMode[i] = null;
        }
        historyLength = 0;
    }
}
