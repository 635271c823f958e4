package org.ipsec4j.engine.forward;

/**
 * The forwarding path's counters, each kept per IP version, shown as the {@code ip}/{@code ip6} and
 * {@code icmp}/{@code icmp6} sections of {@code ipsec:stat} in the words of {@code netstat -s}.
 */
enum IpCounter {
    RECEIVED(false, "total packets received"),
    BAD_HEADER(false, "packets with bad headers or lengths"),
    FRAGMENTS_RECEIVED(false, "fragments received"),
    FRAGMENTS_DROPPED(false, "fragments dropped (overlap, bad length, too many)"),
    FRAGMENTS_NO_ROOM(false, "fragments dropped (reassembly limits)"),
    FRAGMENTS_TIMED_OUT(false, "fragments dropped after timeout"),
    REASSEMBLED(false, "packets reassembled ok"),
    DELIVERED(false, "packets for this host"),
    TO_HOST(false, "packets delivered to the host port"),
    NO_PROTOCOL(false, "packets for this host of an unhandled protocol"),
    FORWARDED(false, "packets forwarded"),
    CANT_FORWARD(false, "packets not forwardable (forwarding off)"),
    NO_ROUTE(false, "output packets discarded due to no route"),
    LOCAL_OUT(false, "packets sent from this host"),
    SEND_FAILED(false, "output packets dropped by the port"),
    FRAGMENTED(false, "output datagrams fragmented"),
    FRAGMENTS_CREATED(false, "fragments created"),
    CANT_FRAGMENT(false, "datagrams that can't be fragmented"),
    INTERNAL_ERROR(false, "packets dropped on internal errors"),
    ERRORS_SENT(true, "error messages sent"),
    ERRORS_RATE_LIMITED(true, "errors not generated due to rate limit"),
    TIME_EXCEEDED_SENT(true, "time exceeded sent"),
    UNREACH_SENT(true, "destination unreachable sent"),
    TOO_BIG_SENT(true, "fragmentation needed / packet too big sent"),
    ECHO_RECEIVED(true, "echo requests received"),
    ECHO_REPLIES_SENT(true, "echo replies sent"),
    BAD_CHECKSUM(true, "messages with bad checksums");

    final boolean icmp;
    final String text;

    IpCounter(boolean icmp, String text) {
        this.icmp = icmp;
        this.text = text;
    }
}
