package org.ipsec4j.engine.forward;

import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.packet.PacketBuffer;

/**
 * IPv4 fragmentation (RFC 791): splits a datagram into fragments that fit an MTU, the data of each a multiple of 8
 * bytes; the first fragment keeps the whole header, later ones keep only the options with the copy flag. A fragment
 * of a fragment keeps its offset and MF. Each fragment is built in the thread's fragment buffer and sent before the
 * next is built: nothing is allocated.
 */
final class Ipv4Fragmenter {
    private Ipv4Fragmenter() {
    }

    /**
     * Sends {@code ip} (parsed, DF clear) through {@code out} in fragments of at most {@code mtu} bytes. Returns the
     * number of fragments the port took, or -1 when the MTU is too small for any fragment (below 68).
     */
    static int fragment(IpView ip, ForwardScratch s, int mtu, PortEntry out, byte[] nextHop, int nextHopOff,
            ForwardingCounters counters) {
        byte[] b = ip.buf;
        int hlen = ip.upperOffset - ip.start;
        int laterHlen = 20 + copiedOptions(b, ip.start + 20, hlen - 20, s.copiedOptions);
        int payload = ip.end - ip.upperOffset;
        int baseOffset = ip.fragmentOffset;
        boolean baseMore = ip.moreFragments;
        if (((mtu - hlen) & ~7) <= 0 || ((mtu - laterHlen) & ~7) <= 0) return -1;
        int sent = 0;
        int pos = 0;
        PacketBuffer f = s.fragment;
        while (pos < payload) {
            int h = pos == 0 ? hlen : laterHlen;
            int chunk = Math.min(payload - pos, (mtu - h) & ~7);
            boolean last = pos + chunk == payload;
            f.reset(PacketBuffers.HEADROOM);
            int at = f.append(h + chunk);
            byte[] fb = f.array();
            System.arraycopy(b, ip.start, fb, at, 20);
            if (pos == 0) {
                System.arraycopy(b, ip.start + 20, fb, at + 20, hlen - 20);
            } else {
                System.arraycopy(s.copiedOptions, 0, fb, at + 20, laterHlen - 20);
            }
            fb[at] = (byte) (0x40 | (h / 4));
            Icmp.put16(fb, at + 2, h + chunk);
            int off = (baseOffset + pos) / 8;
            Icmp.put16(fb, at + 6, off | (last && !baseMore ? 0 : 0x2000));
            System.arraycopy(b, ip.upperOffset + pos, fb, at + h, chunk);
            fb[at + 10] = 0;
            fb[at + 11] = 0;
            Icmp.put16(fb, at + 10, org.ipsec4j.api.packet.InternetChecksum.compute(fb, at, h));
            counters.count(4, IpCounter.FRAGMENTS_CREATED);
            if (out.port.send(f, nextHop, nextHopOff)) {
                sent++;
            } else {
                counters.count(4, IpCounter.SEND_FAILED);
            }
            pos += chunk;
        }
        counters.count(4, IpCounter.FRAGMENTED);
        return sent;
    }

    /** Copies the options with the copy flag from {@code opt[off..off+len)} to {@code to}, padded to 4 bytes. */
    private static int copiedOptions(byte[] opt, int off, int len, byte[] to) {
        int n = 0;
        int i = 0;
        while (i < len) {
            int type = opt[off + i] & 0xff;
            if (type == 0) break; // end of options
            if (type == 1) { // no-op
                i++;
                continue;
            }
            if (i + 1 >= len) break;
            int olen = opt[off + i + 1] & 0xff;
            if (olen < 2 || i + olen > len) break;
            if ((type & 0x80) != 0) {
                System.arraycopy(opt, off + i, to, n, olen);
                n += olen;
            }
            i += olen;
        }
        while ((n & 3) != 0) to[n++] = 0;
        return n;
    }
}
