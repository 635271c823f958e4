package org.ipsec4j.control.startup;

import java.nio.file.Path;

/**
 * Registered as a service once the gateway's {@code setkey.conf} was applied (or there was none to apply). The
 * control socket waits for it, so it opens only on a gateway whose configuration is in place.
 *
 * @param file the file that was applied, or null when there was none
 */
public record SetkeyConfApplied(Path file) {
}
