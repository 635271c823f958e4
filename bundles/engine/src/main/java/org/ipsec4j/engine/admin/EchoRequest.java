package org.ipsec4j.engine.admin;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import org.ipsec4j.api.policy.SecurityPolicy;

/**
 * One echo request.
 *
 * @param destination  where to
 * @param source       the source address, or null for the address of the port the route leaves through
 * @param identifier   the ICMP identifier (16 bits)
 * @param sequence     the ICMP sequence number (16 bits)
 * @param dataLength   bytes of data after the ICMP header
 * @param dontFragment whether the IPv4 request has DF set ({@code ping -D}); IPv6 is never fragmented on the way
 * @param outPolicy    a per-call outbound policy replacing the SPD's ({@code ping -P "out ..."}), or null
 * @param inPolicy     a per-call inbound policy the reply must satisfy ({@code ping -P "in ..."}), or null
 * @param timeout      how long to wait for the reply
 */
public record EchoRequest(InetAddress destination, InetAddress source, int identifier, int sequence, int dataLength,
        boolean dontFragment, SecurityPolicy outPolicy, SecurityPolicy inPolicy, Duration timeout) {
    public EchoRequest {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(timeout, "timeout");
        if (dataLength < 0 || dataLength > 9000) throw new IllegalArgumentException("data length 0..9000: " + dataLength);
        if (source != null && source.getClass() != destination.getClass()) {
            throw new IllegalArgumentException("source and destination are of different families");
        }
    }

    /** A request of 56 data bytes (ping's default) without policies, DF clear, waiting {@code timeout}. */
    public static EchoRequest of(InetAddress destination, int identifier, int sequence, Duration timeout) {
        return new EchoRequest(destination, null, identifier, sequence, 56, false, null, null, timeout);
    }
}
