package org.ipsec4j.setkey.print;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.api.policy.IpsecRequest;
import org.ipsec4j.api.policy.PolicyEntry;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.Selector;
import org.ipsec4j.setkey.UpperLayerProtocols;

/**
 * Prints policies as {@code setkey -DP} does (ipsec-tools' {@code pfkey_spdump} and {@code ipsec_dump_policy}):
 *
 * <pre>
 * 10.1.1.0/24[any] 10.2.2.0/24[any] any
 * 	out ipsec
 * 	esp/tunnel/10.1.1.1-10.2.2.2/require
 * 	created: Nov 27 10:00:00 2026  lastused:                     
 * 	lifetime: 0(s) validtime: 0(s)
 * 	spid=1 seq=0 pid=4242
 * 	refcnt=1
 * </pre>
 *
 * <ul>
 * <li>A prefix is shown without its length when it is a host (/32, /128); ports as {@code [any]} or {@code [80]},
 * but none for ICMP, ICMPv6, MH and GRE, whose "ports" follow the protocol instead: {@code icmp 8,0} (type and code;
 * the type alone when the code is any), GRE its key.</li>
 * <li>The priority is shown as ipsec-tools shows it ({@code out prio def + 5 ipsec}, {@code in prio high ipsec},
 * relative to the nearest of high, def and low, with the sign as it is written on input), except the default priority,
 * which shows nothing ({@code out ipsec}), as on KAME.</li>
 * <li>Each rule of an ipsec policy has its own line; {@code unique:N} carries the reqid ({@code #} instead of
 * {@code :} above 0x3fff, ipsec-tools' automatic range).</li>
 * <li>{@code lastused:} is when a packet last matched (20 spaces if never: the line ends in spaces, as in
 * ipsec-tools). Policies have no lifetimes in ipsec4j: {@code lifetime: 0(s) validtime: 0(s)}.</li>
 * <li>{@code spid} is the SPD's policy id; {@code seq} counts down to 0 over one dump, as the kernel numbers the
 * messages of a dump; {@code pid} the gateway's process id; {@code refcnt} always 1 (the SPD's own reference).</li>
 * </ul>
 * Instances are immutable and thread-safe.
 */
public final class SpdDumpPrinter {
    /** What {@code setkey -DP} prints when there is no policy. */
    public static final String NO_ENTRIES = "No SPD entries.\n";

    private static final long PRIO_HIGH = SecurityPolicy.PRIORITY_HIGH;
    private static final long PRIO_DEF = SecurityPolicy.PRIORITY_DEFAULT;
    private static final long PRIO_LOW = SecurityPolicy.PRIORITY_LOW;
    /** ipsec-tools' IPSEC_MANUAL_REQID_MAX. */
    private static final int MANUAL_REQID_MAX = 0x3fff;

    private final Clock clock;
    private final long pid;

    /**
     * @param clock the zone times are shown in
     * @param pid   the process id shown as {@code pid=}
     */
    public SpdDumpPrinter(Clock clock, long pid) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pid = pid;
    }

    /** Every policy in order, {@code seq} counting down to 0, or {@link #NO_ENTRIES} when there is none. */
    public String dump(List<? extends PolicyEntry> entries) {
        if (entries.isEmpty()) {
            return NO_ENTRIES;
        }
        StringBuilder sb = new StringBuilder(entries.size() * 256);
        int seq = entries.size();
        for (PolicyEntry e : entries) {
            print(e, --seq, sb);
        }
        return sb.toString();
    }

    /** Appends one policy, with {@code seq} as its message sequence number. */
    public void print(PolicyEntry e, long seq, StringBuilder sb) {
        SecurityPolicy p = e.policy();
        Selector s = p.selector();
        sb.append(selector(s)).append('\n');
        sb.append('\t').append(p.direction().setkeyName());
        String prio = priority(p.priority());
        if (!prio.isEmpty()) {
            sb.append(' ').append(prio);
        }
        sb.append(' ').append(p.action().setkeyName()).append('\n');
        for (IpsecRequest r : p.rules()) {
            sb.append('\t').append(rule(r)).append('\n');
        }
        sb.append("\tcreated: ").append(DumpTime.format(e.createdMillis(), clock.getZone()))
                .append("  lastused: ").append(DumpTime.format(e.lastUsedMillis(), clock.getZone())).append('\n');
        sb.append("\tlifetime: 0(s) validtime: 0(s)\n");
        sb.append("\tspid=").append(e.id()).append(" seq=").append(seq).append(" pid=").append(pid).append('\n');
        sb.append("\trefcnt=1\n");
    }

    /** The first line without its new line: {@code 10.1.1.0/24[any] 10.2.2.2[80] tcp}. */
    public static String selector(Selector s) {
        StringBuilder sb = new StringBuilder(64);
        int ulp = s.upperLayer();
        appendPrefixPort(sb, s.source(), s.sourcePort(), ulp);
        sb.append(' ');
        appendPrefixPort(sb, s.destination(), s.destinationPort(), ulp);
        sb.append(' ').append(UpperLayerProtocols.name(ulp));
        if (UpperLayerProtocols.hasTypeAndCode(ulp)) {
            if (s.icmpType() != Selector.ANY_ICMP) {
                sb.append(' ').append(s.icmpType());
                if (s.icmpCode() != Selector.ANY_ICMP) {
                    sb.append(',').append(s.icmpCode());
                }
            }
        } else if (UpperLayerProtocols.isGre(ulp)) {
            if (s.sourcePort() != Selector.ANY_PORT || s.destinationPort() != Selector.ANY_PORT) {
                sb.append(' ').append(((long) s.sourcePort() << 16) + s.destinationPort());
            }
        }
        return sb.toString();
    }

    private static void appendPrefixPort(StringBuilder sb, IpPrefix prefix, int port, int ulp) {
        sb.append(AddressFormat.format(prefix.address()));
        if (!prefix.isHost()) {
            sb.append('/').append(prefix.length());
        }
        if (UpperLayerProtocols.hasTypeAndCode(ulp) || UpperLayerProtocols.isGre(ulp)) {
            return;
        }
        if (port == Selector.ANY_PORT) {
            sb.append("[any]");
        } else {
            sb.append('[').append(port).append(']');
        }
    }

    /**
     * The priority as ipsec-tools' {@code ipsec_dump_policy} writes it: {@code prio def}, {@code prio high + 3},
     * {@code prio low - 2}; empty for the default priority.
     */
    static String priority(long priority) {
        if (priority == PRIO_DEF) {
            return "";
        }
        String base;
        long offset;
        if (priority < (PRIO_DEF / 4) * 3) {
            base = "prio high";
            offset = priority - PRIO_HIGH;
        } else if (priority < (PRIO_DEF / 4) * 5) {
            base = "prio def";
            offset = priority - PRIO_DEF;
        } else {
            base = "prio low";
            offset = priority - PRIO_LOW;
        }
        offset = -offset;
        if (offset == 0) {
            return base;
        }
        return base + (offset < 0 ? " - " : " + ") + Math.abs(offset);
    }

    /** One rule: {@code esp/tunnel/10.1.1.1-10.2.2.2/unique:5}. */
    public static String rule(IpsecRequest r) {
        StringBuilder sb = new StringBuilder(64);
        String proto = switch (r.protocol().ipProtocol()) {
            case 50 -> "esp";
            case 51 -> "ah";
            default -> r.protocol().setkeyName();
        };
        sb.append(proto).append('/').append(r.mode().setkeyName()).append('/');
        if (r.hasEndpoints()) {
            sb.append(AddressFormat.format(r.source())).append('-').append(AddressFormat.format(r.destination()));
        }
        sb.append('/').append(r.level().setkeyName());
        if (r.uniqueId() != 0) {
            sb.append(r.uniqueId() > MANUAL_REQID_MAX ? '#' : ':').append(r.uniqueId());
        }
        return sb.toString();
    }
}
