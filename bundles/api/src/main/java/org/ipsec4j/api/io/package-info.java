/**
 * The packet I/O SPI: ports (a real interface through pcap, a TUN device, an in-memory link) carry IP packets in and
 * out of the engine. A port deals with its link layer (Ethernet framing, ARP and neighbour discovery, its neighbour
 * cache); the engine sees only IP packets, routes them and tells the port the next hop.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package org.ipsec4j.api.io;
