package org.ipsec4j.engine.admin;

import java.util.List;

/**
 * The counters of one protocol, as {@code netstat -s -p PROTOCOL} prints them.
 *
 * @param protocol e.g. {@code ipsec}
 * @param lines    the counters in order
 */
public record StatSection(String protocol, List<Line> lines) {
    public StatSection {
        lines = List.copyOf(lines);
    }

    /** One counter: its value and what it counts. */
    public record Line(long value, String text) {
    }

    /** The value of the line whose text is {@code text}, or -1. */
    public long value(String text) {
        for (Line l : lines) {
            if (l.text().equals(text)) return l.value();
        }
        return -1;
    }

    /** The section as {@code netstat -s} prints it. */
    public String format() {
        StringBuilder b = new StringBuilder(protocol).append(":\n");
        for (Line l : lines) b.append('\t').append(l.value()).append(' ').append(l.text()).append('\n');
        return b.toString();
    }
}
