/**
 * Packets and their headers: {@link org.ipsec4j.api.packet.PacketBuffer}, a packet with head- and tail-room, and
 * flyweight header views over byte arrays ({@link org.ipsec4j.api.packet.Ipv4Header},
 * {@link org.ipsec4j.api.packet.Ipv6Header}, {@link org.ipsec4j.api.packet.Ipv6ExtensionHeaders},
 * {@link org.ipsec4j.api.packet.EspHeader}). A view is pointed at untrusted bytes with a checked {@code wrap} that
 * answers a {@link org.ipsec4j.api.transform.Verdict}; after {@code OK} its accessors cannot fail. Views allocate
 * nothing and are reused per packet by one thread.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package org.ipsec4j.api.packet;
