package org.ipsec4j.setkey.print;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.Lifetime;
import org.ipsec4j.api.sa.SaCounters;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.sa.SecurityContext;
import org.ipsec4j.api.transform.Verdict;

/**
 * Prints SAs as {@code setkey -D} does (ipsec-tools' {@code pfkey_sadump}), line for line and space for space:
 *
 * <pre>
 * 10.1.1.1 10.2.2.2 
 * 	esp mode=transport spi=9998(0x0000270e) reqid=0(0x00000000)
 * 	E: des-cbc  686f6765 686f6765
 * 	seq=0x00000000 replay=0 flags=0x00000000 state=mature 
 * 	created: Nov 27 10:00:00 2026	current: Nov 27 10:00:05 2026
 * 	diff: 5(s)	hard: 0(s)	soft: 0(s)
 * 	last:                    	hard: 0(s)	soft: 0(s)
 * 	current: 0(bytes)	hard: 0(bytes)	soft: 0(bytes)
 * 	allocated: 0	hard: 0	soft: 0
 * 	sadb_seq=1 pid=4242 refcnt=0
 * </pre>
 *
 * As in ipsec-tools, the address line and the state line end in a space, a time that never happened is 20 spaces,
 * keys are hex in groups of 4 bytes each led by a space (a new line, without a tab, after every 32 bytes), and an
 * IPComp SA's {@code C:} line runs on into the {@code seq=} line ({@code "\tC: deflate \tseq=..."}). Further:
 * <ul>
 * <li>Line 1 shows {@code addr[port]} where a NAT-T port is set. The SA type is {@code esp}, {@code esp-udp},
 * {@code ah}, {@code ipcomp} or {@code tcp}; {@code esp-old} and {@code ah-old} show as {@code esp}/{@code ah} with
 * PF_KEY's {@code SADB_X_EXT_OLD} flag, as the kernel reports them.</li>
 * <li>{@code E:} is shown for ESP SAs with an encryption algorithm, {@code A:} for SAs with an authentication
 * algorithm, {@code C:} for IPComp; the name is the canonical setkey name. Unlike ipsec-tools, an algorithm without a
 * key ({@code null}) is shown too, with nothing after its name.</li>
 * <li>{@code seq=} is the SA's sequence counter (the last number sent, or the highest accepted), 8 hex digits, or 16
 * with ESN. {@code replay=} is the window in bytes ({@code -r}).</li>
 * <li>{@code flags=} holds PF_KEY's bits where they exist: {@code 0x00000001} old ESP/AH ({@code SADB_X_EXT_OLD}),
 * {@code 0x00000080} raw CPI ({@code -R}, {@code SADB_X_EXT_RAWCPI}), {@code 0x00000100} random padding
 * ({@code SADB_X_EXT_PRAND}), {@code 0x00000200} zero padding ({@code SADB_X_EXT_PZERO}); sequential padding is 0.
 * setkey's default SA (cyclic sequence numbers, sequential padding) shows {@code 0x00000000}, as Linux reports it, so
 * cyclic sequence numbers have no bit; ipsec4j adds {@link #FLAG_NOCYCLIC} for {@code -f nocyclic-seq} and
 * {@link #FLAG_ESN} for extended sequence numbers ({@code -esn}).</li>
 * <li>{@code last:} is when the SA last carried a packet; {@code current: N(bytes)} the bytes counted against the
 * byte lifetime, {@code allocated:} the packets. The {@code hard}/{@code soft} columns show the SA's lifetimes;
 * ipsec4j has no use-time or allocation lifetimes, so those columns are 0.</li>
 * <li>An ipsec4j addition: when packets were dropped under the SA, one more line after {@code allocated:} lists the
 * non-zero drop counters in a fixed order, e.g. {@code "\tdropped: replay=3 badauth=1"}.</li>
 * <li>{@code sadb_seq} is the order in which the SA was added, {@code pid} the gateway's process id, {@code refcnt}
 * always 0 (ipsec4j does not reference-count SAs).</li>
 * <li>A printer made with {@code maskKeys} (the gateway's {@code mask.keys} setting, and {@code setkey -x}) shows
 * every key byte as {@code **}, in the same groups and lines as the hex it replaces, e.g.
 * {@code "\tE: des-cbc  ******** ********"}: the line structure, and so every tool that reads it, stays the same, and
 * the key length stays visible (it follows from the algorithm anyway). The key itself is then never even copied.</li>
 * </ul>
 * Times are in the clock's zone. Instances are immutable and thread-safe.
 */
public final class SaDumpPrinter {
    /** PF_KEY's {@code SADB_X_EXT_OLD}: an RFC 1826/1827 SA ({@code esp-old}, {@code ah-old}). */
    public static final int FLAG_OLD = 0x0001;
    /** PF_KEY's {@code SADB_X_EXT_RAWCPI}: IPComp with a well-known CPI ({@code -R}). */
    public static final int FLAG_RAWCPI = 0x0080;
    /** PF_KEY's {@code SADB_X_EXT_PRAND}: random padding. */
    public static final int FLAG_RANDOM_PAD = 0x0100;
    /** PF_KEY's {@code SADB_X_EXT_PZERO}: zero padding. */
    public static final int FLAG_ZERO_PAD = 0x0200;
    /** ipsec4j: the sequence number may not wrap ({@code -f nocyclic-seq}). */
    public static final int FLAG_NOCYCLIC = 0x00010000;
    /** ipsec4j: extended (64-bit) sequence numbers ({@code -esn}). */
    public static final int FLAG_ESN = 0x00020000;

    /** What {@code setkey -D} prints when there is no SA. */
    public static final String NO_ENTRIES = "No SAD entries.\n";

    private final Clock clock;
    private final long pid;
    private final boolean maskKeys;

    /**
     * A printer that shows keys, as KAME's setkey does.
     *
     * @param clock the current time ({@code current:}, {@code diff:}) and the zone all times are shown in
     * @param pid   the process id shown as {@code pid=}
     */
    public SaDumpPrinter(Clock clock, long pid) {
        this(clock, pid, false);
    }

    /**
     * @param clock    the current time ({@code current:}, {@code diff:}) and the zone all times are shown in
     * @param pid      the process id shown as {@code pid=}
     * @param maskKeys whether keys show as {@code **} per byte instead of their hex
     */
    public SaDumpPrinter(Clock clock, long pid, boolean maskKeys) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pid = pid;
        this.maskKeys = maskKeys;
    }

    /** Whether this printer masks keys. */
    public boolean masksKeys() {
        return maskKeys;
    }

    /** Every SA of {@code entries} in order, or {@link #NO_ENTRIES} when there is none. */
    public String dump(List<? extends SaEntry> entries) {
        if (entries.isEmpty()) {
            return NO_ENTRIES;
        }
        StringBuilder sb = new StringBuilder(entries.size() * 512);
        for (SaEntry e : entries) {
            print(e, sb);
        }
        return sb.toString();
    }

    /** One SA, as {@code setkey -D} or a {@code get} statement prints it. */
    public String format(SaEntry e) {
        StringBuilder sb = new StringBuilder(512);
        print(e, sb);
        return sb.toString();
    }

    /** Appends one SA to {@code sb}. */
    public void print(SaEntry e, StringBuilder sb) {
        SecurityAssociation sa = e.sa();
        SaCounters c = e.counters();
        appendEndpoint(sb, AddressFormat.format(sa.source()), sa.sourcePort());
        sb.append(' ');
        appendEndpoint(sb, AddressFormat.format(sa.destination()), sa.destinationPort());
        sb.append(" \n\t");

        sb.append(typeName(sa.protocol())).append(" mode=").append(sa.mode().setkeyName())
                .append(" spi=").append(sa.id().spiUnsigned()).append("(0x").append(hex8(sa.spi()))
                .append(") reqid=").append(Integer.toUnsignedLong(sa.reqid())).append("(0x").append(hex8(sa.reqid()))
                .append(")\n");

        if (sa.protocol() == SaProtocol.IPCOMP) {
            sb.append("\tC: ").append(sa.compression().map(AlgorithmKey::name).orElse("none")).append(' ');
        } else if (isEsp(sa.protocol()) && sa.encryption().isPresent()) {
            appendKey(sb, "\tE: ", sa.encryption().get());
        }
        if (sa.authentication().isPresent()) {
            appendKey(sb, "\tA: ", sa.authentication().get());
        }

        sb.append("\tseq=0x");
        if (sa.extendedSequence()) {
            sb.append(String.format("%016x", c.sequence()));
        } else {
            sb.append(hex8((int) c.sequence()));
        }
        sb.append(" replay=").append(Integer.toUnsignedLong(sa.replayWindowBytes()))
                .append(" flags=0x").append(hex8(flags(sa)))
                .append(" state=").append(e.state().setkeyName()).append(" \n");

        Lifetime hard = sa.hardLifetime();
        Lifetime soft = sa.softLifetime();
        long now = clock.millis();
        long created = e.createdMillis();
        long diff = created == 0 ? 0 : Math.max(0, Math.floorDiv(now, 1000) - Math.floorDiv(created, 1000));
        sb.append("\tcreated: ").append(DumpTime.format(created, clock.getZone()))
                .append("\tcurrent: ").append(DumpTime.format(now, clock.getZone())).append('\n');
        sb.append("\tdiff: ").append(diff).append("(s)\thard: ").append(hard.seconds())
                .append("(s)\tsoft: ").append(soft.seconds()).append("(s)\n");
        sb.append("\tlast: ").append(DumpTime.format(c.lastUseMillis(), clock.getZone()))
                .append("\thard: 0(s)\tsoft: 0(s)\n");
        sb.append("\tcurrent: ").append(c.bytes()).append("(bytes)\thard: ").append(hard.bytes())
                .append("(bytes)\tsoft: ").append(soft.bytes()).append("(bytes)\n");
        sb.append("\tallocated: ").append(c.packets()).append("\thard: 0\tsoft: 0\n");
        appendDrops(sb, c.drops());

        if (sa.context().isPresent()) {
            SecurityContext ctx = sa.context().get();
            sb.append("\tsecurity context doi: ").append(ctx.doi()).append('\n');
            sb.append("\tsecurity context algorithm: ").append(ctx.algorithm()).append('\n');
            sb.append("\tsecurity context length: ")
                    .append(ctx.label().getBytes(StandardCharsets.UTF_8).length + 1).append('\n');
            sb.append("\tsecurity context: ").append(ctx.label()).append('\n');
        }

        sb.append("\tsadb_seq=").append(e.sadbSeq()).append(" pid=").append(pid).append(" refcnt=0\n");
    }

    /** The {@code flags=} word of an SA, as described in the class comment. */
    public static int flags(SecurityAssociation sa) {
        int f = 0;
        if (sa.protocol() == SaProtocol.ESP_OLD || sa.protocol() == SaProtocol.AH_OLD) f |= FLAG_OLD;
        if (sa.rawCpi()) f |= FLAG_RAWCPI;
        switch (sa.padding()) {
            case RANDOM -> f |= FLAG_RANDOM_PAD;
            case ZERO -> f |= FLAG_ZERO_PAD;
            case SEQUENTIAL -> { }
        }
        if (!sa.cyclicSequence()) f |= FLAG_NOCYCLIC;
        if (sa.extendedSequence()) f |= FLAG_ESN;
        return f;
    }

    private static String typeName(SaProtocol p) {
        return switch (p) {
            case ESP_OLD -> "esp";
            case AH_OLD -> "ah";
            default -> p.setkeyName();
        };
    }

    private static boolean isEsp(SaProtocol p) {
        return p == SaProtocol.ESP || p == SaProtocol.ESP_OLD || p == SaProtocol.ESP_UDP;
    }

    private static void appendEndpoint(StringBuilder sb, String address, int port) {
        sb.append(address);
        if (port != 0) {
            sb.append('[').append(port).append(']');
        }
    }

    /**
     * {@code "\tE: name "} then the key as ipsec-tools' {@code ipsec_hexdump} writes it (or its mask), then a new
     * line.
     */
    private void appendKey(StringBuilder sb, String label, AlgorithmKey k) {
        sb.append(label).append(k.name()).append(' ');
        if (maskKeys) {
            appendMask(sb, k.keyBits() / 8);
            sb.append('\n');
            return;
        }
        byte[] key;
        try {
            key = k.key();
        } catch (IllegalStateException destroyed) {
            key = new byte[0]; // a dead SA whose keys were zeroed meanwhile: show the name only
        }
        try {
            appendHex(sb, key);
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
        sb.append('\n');
    }

    static void appendHex(StringBuilder sb, byte[] key) {
        for (int i = 0; i < key.length; i++) {
            if (i != 0 && i % 32 == 0) sb.append('\n');
            if (i % 4 == 0) sb.append(' ');
            sb.append(Character.forDigit((key[i] >> 4) & 0xf, 16)).append(Character.forDigit(key[i] & 0xf, 16));
        }
    }

    /** {@code length} bytes as {@code **} each, grouped and broken into lines as {@link #appendHex} does. */
    static void appendMask(StringBuilder sb, int length) {
        for (int i = 0; i < length; i++) {
            if (i != 0 && i % 32 == 0) sb.append('\n');
            if (i % 4 == 0) sb.append(' ');
            sb.append("**");
        }
    }

    private static void appendDrops(StringBuilder sb, Map<Verdict, Long> drops) {
        if (drops.isEmpty()) {
            return;
        }
        sb.append("\tdropped:");
        drops.forEach((reason, n) -> sb.append(' ').append(reason.counterName()).append('=').append(n));
        sb.append('\n');
    }

    private static String hex8(int v) {
        String h = Integer.toHexString(v);
        return "00000000".substring(h.length()) + h;
    }
}
