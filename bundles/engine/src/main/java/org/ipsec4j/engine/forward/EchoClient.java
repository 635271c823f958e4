package org.ipsec4j.engine.forward;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.policy.FlowKey;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.engine.LocalPolicies;
import org.ipsec4j.engine.admin.EchoResult;

/**
 * The gateway's own ICMP echo "socket" (KAME's ping): outstanding requests wait here for their replies, which the data
 * path hands over when it finds an echo reply (or an ICMP error quoting an echo request) for one of our addresses.
 * While a request with an inbound policy ({@code -P in}) waits, echo replies from its destination must satisfy that
 * policy instead of the SPD's ({@link LocalPolicies}). The data path's calls return at once when nothing waits.
 */
final class EchoClient implements LocalPolicies {
    static final int SLOTS = 64;

    /** One outstanding request. Guarded by its own monitor once published. */
    static final class Pending {
        final int version;
        final int identifier;
        final int sequence;
        final byte[] destination;
        final SecurityPolicy inPolicy;
        final long sentNanos;
        EchoResult result;

        Pending(int version, int identifier, int sequence, byte[] destination, SecurityPolicy inPolicy, long sentNanos) {
            this.version = version;
            this.identifier = identifier;
            this.sequence = sequence;
            this.destination = destination;
            this.inPolicy = inPolicy;
            this.sentNanos = sentNanos;
        }

        synchronized void complete(EchoResult r) {
            if (result == null) {
                result = r;
                notifyAll();
            }
        }

        synchronized EchoResult await(long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            while (result == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return null;
                wait(Math.max(1, left / 1_000_000));
            }
            return result;
        }
    }

    private final Pending[] slots = new Pending[SLOTS];
    private volatile int waiting;
    private volatile int withPolicy;

    /** Registers a request; false when {@link #SLOTS} are waiting already. */
    synchronized boolean register(Pending p) {
        for (int i = 0; i < SLOTS; i++) {
            if (slots[i] == null) {
                slots[i] = p;
                waiting++;
                if (p.inPolicy != null) withPolicy++;
                return true;
            }
        }
        return false;
    }

    synchronized void unregister(Pending p) {
        for (int i = 0; i < SLOTS; i++) {
            if (slots[i] == p) {
                slots[i] = null;
                waiting--;
                if (p.inPolicy != null) withPolicy--;
            }
        }
    }

    /** Whether any request waits (read by the data path before looking closer). */
    boolean waiting() {
        return waiting != 0;
    }

    @Override
    public SecurityPolicy inbound(FlowKey flow) {
        if (withPolicy == 0) return null;
        boolean v6 = flow.addressLength() == 16;
        if (flow.protocol() != (v6 ? IpProtocol.ICMPV6 : IpProtocol.ICMP)) return null;
        if (flow.icmpType() != (v6 ? Icmp.V6_ECHO_REPLY : Icmp.ECHO_REPLY)) return null;
        Pending[] s = slots;
        for (Pending p : s) {
            if (p != null && p.inPolicy != null
                    && Arrays.equals(p.destination, 0, p.destination.length, flow.source(), 0, flow.addressLength())) {
                return p.inPolicy;
            }
        }
        return null;
    }

    /**
     * Offers the ICMP or ICMPv6 message of {@code ip} (addressed to us, checksum verified): an echo reply or an error
     * quoting one of our echo requests completes that request. Returns whether it was ours.
     */
    boolean offer(IpView ip, long now) {
        if (!waiting()) return false;
        byte[] b = ip.buf;
        int icmp = ip.upperOffset;
        int type = b[icmp] & 0xff;
        boolean v6 = ip.version == 6;
        if (type == (v6 ? Icmp.V6_ECHO_REPLY : Icmp.ECHO_REPLY)) {
            Pending p = match(ip.version, Icmp.u16(b, icmp + 4), Icmp.u16(b, icmp + 6), b, ip.sourceOffset());
            if (p == null) return false;
            p.complete(new EchoResult(EchoResult.Status.REPLY, address(b, ip.sourceOffset(), ip.addressLength()),
                    ip.end - icmp, ip.ttl(), now - p.sentNanos, null));
            return true;
        }
        boolean error = v6 ? type < 128 : type == Icmp.UNREACH || type == Icmp.TIME_EXCEEDED;
        if (!error || ip.end - icmp < 8 + (v6 ? 48 : 28)) return false;
        int q = icmp + 8; // the quoted request: its header, then its ICMP header
        int qhl = v6 ? 40 : (b[q] & 0x0f) * 4;
        int qproto = v6 ? b[q + 6] & 0xff : b[q + 9] & 0xff;
        if (qproto != (v6 ? IpProtocol.ICMPV6 : IpProtocol.ICMP) || q + qhl + 8 > ip.end) return false;
        int qtype = b[q + qhl] & 0xff;
        if (qtype != (v6 ? Icmp.V6_ECHO : Icmp.ECHO)) return false;
        Pending p = match(ip.version, Icmp.u16(b, q + qhl + 4), Icmp.u16(b, q + qhl + 6), b, q + (v6 ? 24 : 16));
        if (p == null) return false;
        p.complete(new EchoResult(EchoResult.Status.ICMP_ERROR, address(b, ip.sourceOffset(), ip.addressLength()),
                ip.end - icmp, ip.ttl(), now - p.sentNanos, describe(v6, type, b[icmp + 1] & 0xff, Icmp.u16(b, icmp + 6),
                        (int) (((b[icmp + 4] & 0xffL) << 24) | ((b[icmp + 5] & 0xff) << 16) | Icmp.u16(b, icmp + 6)))));
        return true;
    }

    private synchronized Pending match(int version, int id, int seq, byte[] b, int addrOff) {
        for (Pending p : slots) {
            if (p != null && p.version == version && p.identifier == id && p.sequence == seq
                    && Arrays.equals(p.destination, 0, p.destination.length, b, addrOff, addrOff + p.destination.length)) {
                return p;
            }
        }
        return null;
    }

    /** ping's words for an ICMP error. */
    static String describe(boolean v6, int type, int code, int mtu4, int mtu6) {
        if (v6) {
            return switch (type) {
                case Icmp.V6_UNREACH -> code == Icmp.V6_UNREACH_NOROUTE ? "No route to destination"
                        : "Destination unreachable, code " + code;
                case Icmp.V6_PACKET_TOO_BIG -> "Packet too big: mtu=" + mtu6;
                case Icmp.V6_TIME_EXCEEDED -> "Time to live exceeded";
                default -> "ICMPv6 type " + type + " code " + code;
            };
        }
        if (type == Icmp.TIME_EXCEEDED) return "Time to live exceeded";
        return switch (code) {
            case Icmp.UNREACH_NET -> "Destination Net Unreachable";
            case Icmp.UNREACH_HOST -> "Destination Host Unreachable";
            case Icmp.UNREACH_NEEDFRAG -> "Frag needed and DF set (MTU " + mtu4 + ")";
            default -> "Destination Unreachable, code " + code;
        };
    }

    static InetAddress address(byte[] b, int off, int len) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(b, off, off + len));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
