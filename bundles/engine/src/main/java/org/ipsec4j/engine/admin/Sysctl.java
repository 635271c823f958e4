package org.ipsec4j.engine.admin;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** KAME's sysctl MIBs of the gateway ({@code net.inet.ip.forwarding}, {@code net.inet.ipsec.*}, ...). */
@ProviderType
public interface Sysctl {
    /** Every MIB with its current value, in a fixed order. */
    List<SysctlValue> list();

    /** One MIB by its name. */
    Optional<SysctlValue> get(String name);

    /**
     * Sets a MIB: checks the name and the value, applies it at once and records it in the configuration.
     *
     * @throws IllegalArgumentException with a message for the user: unknown name, not a number, out of range
     */
    SysctlValue set(String name, String value);
}
