/**
 * The KAME guide's scenarios over Linux network namespaces, with real gateways of an installation: namespaces, veth
 * pairs, TUN devices, gateway configurations, ping, TCP transfers, captures. Used by {@code ipsec4j demo --netns}
 * ({@code NetnsDemo}) and by the namespace tests (itests/netns). Root only; TEST-NET addresses only; everything a
 * scenario makes is deleted when it closes.
 */
package org.ipsec4j.demo.netns;
