/**
 * The administration interface of a running gateway, used by the shell commands: sysctls, the routing table, the
 * ports, ICMP echo from the gateway itself and the counters. Services registered by the engine bundle.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package org.ipsec4j.engine.admin;
