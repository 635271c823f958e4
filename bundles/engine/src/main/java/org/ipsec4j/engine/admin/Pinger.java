package org.ipsec4j.engine.admin;

import org.osgi.annotation.versioning.ProviderType;

/** ICMP and ICMPv6 echo from the gateway itself, through its engine (SPD, SAs, routing), as KAME's ping. */
@ProviderType
public interface Pinger {
    /** Sends one echo request and waits for its reply, an error, or the timeout. Blocks the calling thread. */
    EchoResult echo(EchoRequest request) throws InterruptedException;
}
