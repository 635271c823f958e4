package org.ipsec4j.api.policy;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaProtocol;

/**
 * One rule of an {@code ipsec} policy: {@code protocol/mode/src-dst/level} in setkey(8), e.g.
 * {@code esp/tunnel/10.1.1.1-10.2.2.2/require}. Several rules form an SA bundle.
 *
 * @param protocol  esp, ah or ipcomp
 * @param mode      transport or tunnel
 * @param source    tunnel source; null where the rule has no endpoints (transport mode, usually)
 * @param sourcePort tunnel source port ({@code addr[port]}), 0 when none
 * @param destination tunnel destination; null where the rule has no endpoints
 * @param destinationPort tunnel destination port, 0 when none
 * @param level     default, use, require or unique
 * @param uniqueId  the N of {@code unique:N} (the reqid), 0 otherwise
 */
public record IpsecRequest(SaProtocol protocol, IpsecMode mode, InetAddress source, int sourcePort,
        InetAddress destination, int destinationPort, Level level, int uniqueId) {
    public IpsecRequest {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(level, "level");
        if ((source == null) != (destination == null)) {
            throw new IllegalArgumentException("a rule has both endpoints or none");
        }
        if (source != null && source.getClass() != destination.getClass()) {
            throw new IllegalArgumentException("endpoints must be of one address family");
        }
        if (uniqueId < 0) {
            throw new IllegalArgumentException("unique id must not be negative");
        }
    }

    /** A rule without endpoints, e.g. {@code esp/transport//use}. */
    public static IpsecRequest of(SaProtocol protocol, IpsecMode mode, Level level) {
        return new IpsecRequest(protocol, mode, null, 0, null, 0, level, 0);
    }

    public Optional<InetAddress> tunnelSource() {
        return Optional.ofNullable(source);
    }

    public Optional<InetAddress> tunnelDestination() {
        return Optional.ofNullable(destination);
    }

    public boolean hasEndpoints() {
        return source != null;
    }
}
