package org.ipsec4j.api.sa;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What identifies an SA: destination address, protocol and SPI (RFC 4301 section 4.1). For IPComp the "SPI" is the
 * CPI.
 */
public record SaId(InetAddress destination, SaProtocol protocol, int spi) {
    public SaId {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(protocol, "protocol");
    }

    /** The SPI as an unsigned number. */
    public long spiUnsigned() {
        return Integer.toUnsignedLong(spi);
    }

    @Override
    public String toString() {
        return destination.getHostAddress() + " " + protocol.setkeyName() + " spi=" + spiUnsigned();
    }
}
