/**
 * {@code setkey -x}: KAME's PF_KEY monitor for ipsec4j. {@link org.ipsec4j.setkey.monitor.SadbMonitor} prints the
 * gateway's SAD and SPD events, as {@link org.ipsec4j.setkey.monitor.SadbEventFormat} writes them, from a
 * {@link org.ipsec4j.setkey.monitor.SadbEventSource} until it is interrupted. Plain Java, no OSGi; private to the
 * bundle.
 */
package org.ipsec4j.setkey.monitor;
