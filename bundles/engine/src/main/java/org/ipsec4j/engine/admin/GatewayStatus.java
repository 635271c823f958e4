package org.ipsec4j.engine.admin;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The running data path: its ports and counters. */
@ProviderType
public interface GatewayStatus {
    /** Every port the engine is attached to, by name. */
    List<PortInfo> ports();

    /** The counters, one section per protocol ({@code ipsec}, {@code ip}, {@code ip6}, {@code icmp}). */
    List<StatSection> statistics();
}
