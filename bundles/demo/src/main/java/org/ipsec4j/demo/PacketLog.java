package org.ipsec4j.demo;

import java.io.PrintStream;
import org.ipsec4j.io.memory.MemoryLink;

/**
 * Prints the packets in-memory links carry, as they go, labelled by where they are seen. Only while {@link #on} is
 * set: the demo shows the packets of its first pings, then only the replies.
 */
final class PacketLog {
    private final PrintStream out;
    private volatile boolean on;

    PacketLog(PrintStream out) {
        this.out = out;
    }

    /** Taps {@code link}; a packet sent by the port named {@code from} is labelled {@code fromLabel}, others {@code label}. */
    void tap(MemoryLink link, String label, String from, String fromLabel) {
        link.tap((sender, receiver, pkt) -> {
            if (!on) return;
            String where = from != null && sender.name().equals(from) ? fromLabel : label;
            line(String.format("  %-22s %s", "[" + where + "]", PacketText.describe(pkt.toByteArray())));
        });
    }

    void tap(MemoryLink link, String label) {
        tap(link, label, null, null);
    }

    void on(boolean value) {
        on = value;
    }

    synchronized void line(String s) {
        out.println(s);
        out.flush();
    }
}
