package org.ipsec4j.engine.admin;

/**
 * One sysctl MIB and its value.
 *
 * @param name        e.g. {@code net.inet.ip.forwarding}
 * @param value       the current value
 * @param min         the least value accepted
 * @param max         the greatest value accepted
 * @param defaultValue the value without configuration
 * @param description what it does
 */
public record SysctlValue(String name, int value, int min, int max, int defaultValue, String description) {
}
