package org.ipsec4j.setkey.print;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.api.policy.IpsecRequest;
import org.ipsec4j.api.policy.PolicyEntry;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.Selector;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.Lifetime;
import org.ipsec4j.api.sa.Padding;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.sa.SecurityContext;
import org.ipsec4j.setkey.Statement;

/**
 * Writes statements back as setkey(8) input, in one canonical form, so that parsing the text gives the same values
 * again; a running configuration can be exported with {@link #export}. The canonical form:
 * <ul>
 * <li>{@code add src dst proto spi [-m mode] [-u reqid] [-r window] [-f pad] [-f nocyclic-seq] [-esn]
 * [-lh s] [-ls s] [-bh bytes] [-bs bytes] [-ctx doi alg "label"] -E alg 0xkey -A alg 0xkey;} with only the
 * extensions that differ from setkey's defaults, algorithms by canonical name, keys in hex, {@code addr[port]} where a
 * NAT-T port is set, {@code -C alg [-R]} for IPComp;</li>
 * <li>{@code spdadd src dst upperspec -P dir [prio ...] action rules;} with prefixes written as
 * {@code 10.1.1.0/24}, hosts without length, {@code [port]} only when a port is set, the upper layer as {@code any},
 * {@code icmp}, {@code icmp6}, {@code tcp}, {@code udp} or a number, ICMP type and code as {@code icmp 8,0}, and
 * rules as in {@code setkey -DP}.</li>
 * </ul>
 * The key material is in the text: treat it as the key itself. {@link #describe} gives a one-line summary without keys,
 * for messages. Stateless and thread-safe.
 */
public final class StatementPrinter {
    private StatementPrinter() {
    }

    /** A statement as setkey input, ending in {@code ;}. */
    public static String print(Statement s) {
        if (s instanceof Statement.Add a) return sa("add", a.sa());
        if (s instanceof Statement.Update u) return sa("update", u.sa());
        if (s instanceof Statement.SpdAdd a) return policy("spdadd", a.policy());
        if (s instanceof Statement.SpdUpdate u) return policy("spdupdate", u.policy());
        return describe(s) + ";";
    }

    /**
     * A summary of a statement without keys or options, for messages and {@code -v}: {@code add 10.1.1.1 10.2.2.2 esp
     * 9998}, {@code spdadd 10.1.1.1 10.2.2.2 any -P out}. For statements that carry neither keys nor options it is the
     * statement itself, without the {@code ;}.
     */
    public static String describe(Statement s) {
        if (s instanceof Statement.Add a) return "add " + saRef(a.sa());
        if (s instanceof Statement.Update u) return "update " + saRef(u.sa());
        if (s instanceof Statement.Get g) return "get " + saRef(g.source(), g.id());
        if (s instanceof Statement.Delete d) return "delete " + saRef(d.source(), d.id());
        if (s instanceof Statement.DeleteAll d) {
            return "deleteall " + AddressFormat.format(d.source()) + " " + AddressFormat.format(d.destination()) + " "
                    + d.protocol().setkeyName();
        }
        if (s instanceof Statement.Flush f) return f.protocol().map(p -> "flush " + p.setkeyName()).orElse("flush");
        if (s instanceof Statement.Dump d) return d.protocol().map(p -> "dump " + p.setkeyName()).orElse("dump");
        if (s instanceof Statement.SpdAdd a) return policyRef("spdadd", a.policy());
        if (s instanceof Statement.SpdUpdate u) return policyRef("spdupdate", u.policy());
        if (s instanceof Statement.SpdDelete d) {
            return "spddelete " + selector(d.selector()) + " -P " + d.direction().setkeyName();
        }
        if (s instanceof Statement.SpdFlush) return "spdflush";
        if (s instanceof Statement.SpdDump) return "spddump";
        throw new IllegalArgumentException("unknown statement " + s.getClass().getName());
    }

    private static String policyRef(String verb, SecurityPolicy p) {
        return verb + " " + selector(p.selector()) + " -P " + p.direction().setkeyName();
    }

    /** {@code add ...;} for every SA, then {@code spdadd ...;} for every policy, one per line. */
    public static String export(List<? extends SaEntry> sas, List<? extends PolicyEntry> policies) {
        StringBuilder sb = new StringBuilder();
        for (SaEntry e : sas) {
            sb.append(sa("add", e.sa())).append('\n');
        }
        for (PolicyEntry e : policies) {
            sb.append(policy("spdadd", e.policy())).append('\n');
        }
        return sb.toString();
    }

    /** {@code add ...;} (or {@code update ...;}) with every non-default extension and the keys in hex. */
    public static String sa(String verb, SecurityAssociation sa) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(verb).append(' ').append(saRef(sa));
        if (sa.mode() != IpsecMode.ANY) sb.append(" -m ").append(sa.mode().setkeyName());
        if (sa.reqid() != 0) sb.append(" -u ").append(Integer.toUnsignedLong(sa.reqid()));
        if (sa.replayWindowBytes() != 0) sb.append(" -r ").append(sa.replayWindowBytes());
        if (sa.padding() != Padding.SEQUENTIAL) sb.append(" -f ").append(sa.padding().setkeyName());
        if (!sa.cyclicSequence()) sb.append(" -f nocyclic-seq");
        if (sa.extendedSequence()) sb.append(" -esn");
        Lifetime hard = sa.hardLifetime();
        Lifetime soft = sa.softLifetime();
        if (hard.seconds() != 0) sb.append(" -lh ").append(hard.seconds());
        if (soft.seconds() != 0) sb.append(" -ls ").append(soft.seconds());
        if (hard.bytes() != 0) sb.append(" -bh ").append(hard.bytes());
        if (soft.bytes() != 0) sb.append(" -bs ").append(soft.bytes());
        if (sa.context().isPresent()) {
            SecurityContext c = sa.context().get();
            sb.append(" -ctx ").append(c.doi()).append(' ').append(c.algorithm()).append(" \"").append(c.label())
                    .append('"');
        }
        sa.encryption().ifPresent(k -> appendAlgorithm(sb, "-E", k));
        sa.authentication().ifPresent(k -> appendAlgorithm(sb, "-A", k));
        sa.compression().ifPresent(k -> {
            sb.append(" -C ").append(k.name());
            if (sa.rawCpi()) sb.append(" -R");
        });
        return sb.append(';').toString();
    }

    /** {@code spdadd src dst upperspec -P dir [prio] action rules;} */
    public static String policy(String verb, SecurityPolicy p) {
        StringBuilder sb = new StringBuilder(128);
        sb.append(verb).append(' ').append(selector(p.selector())).append(" -P ").append(p.direction().setkeyName());
        String prio = SpdDumpPrinter.priority(p.priority());
        if (!prio.isEmpty()) sb.append(' ').append(prio);
        sb.append(' ').append(p.action().setkeyName());
        for (IpsecRequest r : p.rules()) {
            sb.append(' ').append(rule(r));
        }
        return sb.append(';').toString();
    }

    /** {@code src_range dst_range upperspec} as setkey input. */
    public static String selector(Selector s) {
        StringBuilder sb = new StringBuilder(64);
        appendRange(sb, s.source(), s.sourcePort());
        sb.append(' ');
        appendRange(sb, s.destination(), s.destinationPort());
        sb.append(' ').append(upperLayer(s.upperLayer()));
        if (s.icmpType() != Selector.ANY_ICMP) {
            sb.append(' ').append(s.icmpType());
            if (s.icmpCode() != Selector.ANY_ICMP) sb.append(',').append(s.icmpCode());
        }
        return sb.toString();
    }

    /** A rule as setkey input: {@code esp/tunnel/10.1.1.1[4500]-10.2.2.2[4500]/unique:3}. */
    public static String rule(IpsecRequest r) {
        StringBuilder sb = new StringBuilder(64);
        sb.append(r.protocol().setkeyName()).append('/').append(r.mode().setkeyName()).append('/');
        if (r.hasEndpoints()) {
            appendEndpoint(sb, r.source(), r.sourcePort());
            sb.append('-');
            appendEndpoint(sb, r.destination(), r.destinationPort());
        }
        sb.append('/').append(r.level().setkeyName());
        if (r.uniqueId() != 0) sb.append(':').append(r.uniqueId());
        return sb.toString();
    }

    private static String upperLayer(int protocol) {
        return switch (protocol) {
            case Selector.ANY_PROTOCOL -> "any";
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 58 -> "icmp6";
            default -> Integer.toString(protocol);
        };
    }

    private static String saRef(SecurityAssociation sa) {
        StringBuilder sb = new StringBuilder(64);
        appendEndpoint(sb, sa.source(), sa.sourcePort());
        sb.append(' ');
        appendEndpoint(sb, sa.destination(), sa.destinationPort());
        sb.append(' ').append(sa.protocol().setkeyName()).append(' ').append(sa.id().spiUnsigned());
        return sb.toString();
    }

    private static String saRef(InetAddress source, SaId id) {
        return AddressFormat.format(source) + " " + AddressFormat.format(id.destination()) + " "
                + id.protocol().setkeyName() + " " + id.spiUnsigned();
    }

    private static void appendEndpoint(StringBuilder sb, InetAddress a, int port) {
        sb.append(AddressFormat.format(a));
        if (port != 0) sb.append('[').append(port).append(']');
    }

    private static void appendRange(StringBuilder sb, IpPrefix p, int port) {
        sb.append(AddressFormat.format(p.address()));
        if (!p.isHost()) sb.append('/').append(p.length());
        if (port != Selector.ANY_PORT) sb.append('[').append(port).append(']');
    }

    private static void appendAlgorithm(StringBuilder sb, String flag, AlgorithmKey k) {
        sb.append(' ').append(flag).append(' ').append(k.name());
        if (k.keyBits() == 0) {
            return;
        }
        byte[] key = k.key();
        try {
            sb.append(" 0x");
            for (byte b : key) {
                sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
