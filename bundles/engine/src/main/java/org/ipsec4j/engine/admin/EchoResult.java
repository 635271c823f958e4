package org.ipsec4j.engine.admin;

import java.net.InetAddress;

/**
 * What became of one echo request.
 *
 * @param status   the outcome
 * @param from     who answered (the destination, or the router that sent an ICMP error); null when nobody did
 * @param bytes    the ICMP message length of the reply
 * @param ttl      the TTL or hop limit of the reply
 * @param rttNanos round-trip time
 * @param detail   for {@link Status#NOT_SENT}, the reason the engine dropped the request (a drop counter's name,
 *                 e.g. {@code acquire}, {@code noroute}); for {@link Status#ICMP_ERROR}, the error
 */
public record EchoResult(Status status, InetAddress from, int bytes, int ttl, long rttNanos, String detail) {
    /** Outcomes. */
    public enum Status {
        /** The echo reply arrived. */
        REPLY,
        /** An ICMP error about the request arrived instead (unreachable, time exceeded, too big). */
        ICMP_ERROR,
        /** Nothing arrived in time. */
        TIMEOUT,
        /** The request was never sent: the engine dropped it. */
        NOT_SENT
    }
}
