package org.ipsec4j.control.server;

import java.nio.file.Path;

/**
 * Registered as a service while the control socket listens, with the socket's path in the service property
 * {@code ipsec4j.control.socket}. The gateway launcher follows it to tell {@code bin/ipsec4j-gateway --daemon}
 * that the gateway is up.
 *
 * @param socket the socket's path
 */
public record ControlSocketOpen(Path socket) {
}
