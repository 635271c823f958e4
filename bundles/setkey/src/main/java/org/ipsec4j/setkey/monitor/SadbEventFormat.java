package org.ipsec4j.setkey.monitor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ipsec4j.api.event.SadbEvents;
import org.ipsec4j.api.policy.PolicyEntry;
import org.ipsec4j.api.policy.SecurityPolicyDatabase;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SaState;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.setkey.print.AddressFormat;
import org.ipsec4j.setkey.print.SaDumpPrinter;
import org.ipsec4j.setkey.print.SpdDumpPrinter;

/**
 * Writes SAD and SPD events as {@code setkey -x} prints them: a header line with the time and KAME's PF_KEY message
 * name, then the SA in the notation of {@code setkey -D}'s first two lines, or the policy in that of {@code -DP}:
 *
 * <pre>
 * [Nov 27 10:00:05] SADB_ADD
 * 10.1.1.1 10.2.2.2
 * 	esp mode=transport spi=9998(0x0000270e) reqid=0(0x00000000)
 * [Nov 27 10:00:09] SADB_X_SPDADD
 * 10.1.1.1/32[any] 10.2.2.2/32[any] any
 * 	out ipsec
 * 	esp/transport//use
 * 	spid=1
 * [Nov 27 10:00:12] SADB_EXPIRE soft (time)
 * ...
 * [Nov 27 10:00:20] SADB_FLUSH esp 2 SAs
 * [Nov 27 10:00:21] SADB_X_SPDFLUSH 1 policy
 * </pre>
 *
 * The names: {@code SADB_ADD}, {@code SADB_UPDATE}, {@code SADB_DELETE}, {@code SADB_EXPIRE} (with {@code soft} or
 * {@code hard} and the cause, {@code time} or {@code bytes}), {@code SADB_ACQUIRE}, {@code SADB_FLUSH} (with the
 * protocol when only one was flushed, and the count), {@code SADB_X_SPDADD}, {@code SADB_X_SPDUPDATE},
 * {@code SADB_X_SPDDELETE}, {@code SADB_X_SPDFLUSH}; an event of another topic shows its topic. IPv6 addresses are
 * shown compressed, as {@code -D} shows them. Events carry no keys.
 *
 * <p>With {@code -xx} (level 2), as with KAME's {@code -xx}, times are unformatted ({@code [1795773605.123]}, seconds
 * since the epoch), and an SA or policy that is still in the SAD or SPD is shown in full, as {@code -D} or {@code -DP}
 * show it now (counters, lifetimes, {@code spid}), with every key byte masked as {@code **}; one that is gone (or dead)
 * is shown as at level 1.
 *
 * <p>Immutable and thread-safe.
 */
public final class SadbEventFormat {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.US);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry(SadbEvents.TOPIC_ADD, "SADB_ADD"),
            Map.entry(SadbEvents.TOPIC_UPDATE, "SADB_UPDATE"),
            Map.entry(SadbEvents.TOPIC_DELETE, "SADB_DELETE"),
            Map.entry(SadbEvents.TOPIC_EXPIRE, "SADB_EXPIRE"),
            Map.entry(SadbEvents.TOPIC_ACQUIRE, "SADB_ACQUIRE"),
            Map.entry(SadbEvents.TOPIC_FLUSH, "SADB_FLUSH"),
            Map.entry(SadbEvents.TOPIC_SPD_ADD, "SADB_X_SPDADD"),
            Map.entry(SadbEvents.TOPIC_SPD_UPDATE, "SADB_X_SPDUPDATE"),
            Map.entry(SadbEvents.TOPIC_SPD_DELETE, "SADB_X_SPDDELETE"),
            Map.entry(SadbEvents.TOPIC_SPD_FLUSH, "SADB_X_SPDFLUSH"));

    private final Clock clock;
    private final int level;
    private final SecurityAssociationDatabase sad;
    private final SecurityPolicyDatabase spd;
    private final SaDumpPrinter saPrinter;
    private final SpdDumpPrinter spdPrinter;

    /**
     * @param clock      the zone of formatted times, and the time of events without one
     * @param level      1 for {@code -x}, 2 for {@code -xx}
     * @param sad        where level 2 looks SAs up, or null
     * @param spd        where level 2 looks policies up, or null
     * @param saPrinter  prints SAs at level 2; it must mask keys
     * @param spdPrinter prints policies at level 2
     */
    public SadbEventFormat(Clock clock, int level, SecurityAssociationDatabase sad, SecurityPolicyDatabase spd,
            SaDumpPrinter saPrinter, SpdDumpPrinter spdPrinter) {
        if (level < 1 || level > 2) {
            throw new IllegalArgumentException("level 1 or 2: " + level);
        }
        if (!saPrinter.masksKeys()) {
            throw new IllegalArgumentException("the monitor's SA printer must mask keys");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.level = level;
        this.sad = sad;
        this.spd = spd;
        this.saPrinter = saPrinter;
        this.spdPrinter = Objects.requireNonNull(spdPrinter, "spdPrinter");
    }

    /** One event, ending in a new line. */
    public String format(SadbEvent e) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(time(e.timestamp(clock.millis()))).append(' ')
                .append(NAMES.getOrDefault(e.topic(), e.topic()));
        if (e.topic().equals(SadbEvents.TOPIC_FLUSH) || e.topic().equals(SadbEvents.TOPIC_SPD_FLUSH)) {
            appendFlush(e, sb);
            return sb.append('\n').toString();
        }
        if (e.topic().equals(SadbEvents.TOPIC_EXPIRE)) {
            String kind = e.text(SadbEvents.EXPIRE_KIND);
            String cause = e.text(SadbEvents.EXPIRE_CAUSE);
            if (kind != null) sb.append(' ').append(kind);
            if (cause != null) sb.append(" (").append(cause).append(')');
        }
        sb.append('\n');
        if (level == 2 && appendCurrent(e, sb)) {
            return sb.toString();
        }
        String text = e.text(SadbEvents.TEXT);
        if (text != null && !text.isEmpty()) {
            sb.append(compressAddresses(text));
        } else if (e.topic().equals(SadbEvents.TOPIC_ACQUIRE) || e.text(SadbEvents.DESTINATION) != null) {
            appendFromProperties(e, sb);
        }
        if (e.isPolicyEvent() && e.properties().containsKey(SadbEvents.POLICY_ID)) {
            sb.append("\n\tspid=").append(e.number(SadbEvents.POLICY_ID, 0));
        }
        if (sb.charAt(sb.length() - 1) != '\n') {
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The line that says {@code count} events were dropped because the reader fell behind. */
    public String lost(long count) {
        return time(clock.millis()) + " (" + count + " event" + (count == 1 ? "" : "s")
                + " lost: the monitor fell behind)\n";
    }

    private String time(long millis) {
        if (level == 2) {
            return "[" + Math.floorDiv(millis, 1000) + "." + String.format("%03d", Math.floorMod(millis, 1000)) + "]";
        }
        return "[" + TIME.format(Instant.ofEpochMilli(millis).atZone(clock.getZone())) + "]";
    }

    private static void appendFlush(SadbEvent e, StringBuilder sb) {
        boolean policies = e.isPolicyEvent();
        String protocol = policies ? null : e.text(SadbEvents.PROTOCOL);
        if (protocol != null) {
            sb.append(' ').append(protocol);
        }
        long n = e.number(SadbEvents.COUNT, -1);
        if (n >= 0) {
            sb.append(' ').append(n).append(policies ? (n == 1 ? " policy" : " policies") : (n == 1 ? " SA" : " SAs"));
        }
    }

    /** Appends the SA or policy as it is now (keys masked); false when it is not there (any more). */
    private boolean appendCurrent(SadbEvent e, StringBuilder sb) {
        try {
            if (e.isPolicyEvent()) {
                Optional<PolicyEntry> p = policy(e);
                p.ifPresent(entry -> spdPrinter.print(entry, 0, sb));
                return p.isPresent();
            }
            Optional<SaEntry> sa = sa(e);
            sa.ifPresent(entry -> saPrinter.print(entry, sb));
            return sa.isPresent();
        } catch (RuntimeException unavailable) {
            return false; // the SAD or SPD failed: show what the event says
        }
    }

    private Optional<SaEntry> sa(SadbEvent e) {
        if (sad == null || e.topic().equals(SadbEvents.TOPIC_ACQUIRE)) {
            return Optional.empty();
        }
        InetAddress dst = literal(e.text(SadbEvents.DESTINATION));
        Optional<SaProtocol> protocol = Optional.ofNullable(e.text(SadbEvents.PROTOCOL))
                .flatMap(SaProtocol::fromSetkeyName);
        long spi = e.number(SadbEvents.SPI, -1);
        if (dst == null || protocol.isEmpty() || spi < 0 || spi > 0xffffffffL) {
            return Optional.empty();
        }
        return sad.get(new SaId(dst, protocol.get(), (int) spi)).filter(entry -> entry.state() != SaState.DEAD);
    }

    private Optional<PolicyEntry> policy(SadbEvent e) {
        long id = e.number(SadbEvents.POLICY_ID, -1);
        if (spd == null || id < 0) {
            return Optional.empty();
        }
        return spd.dump().stream().filter(p -> p.id() == id).map(p -> (PolicyEntry) p).findFirst();
    }

    private static void appendFromProperties(SadbEvent e, StringBuilder sb) {
        sb.append(address(e.text(SadbEvents.SOURCE))).append(' ').append(address(e.text(SadbEvents.DESTINATION)))
                .append("\n\t").append(Objects.requireNonNullElse(e.text(SadbEvents.PROTOCOL), "?"));
        String mode = e.text(SadbEvents.MODE);
        if (mode != null) {
            sb.append(" mode=").append(mode);
        }
        long spi = e.number(SadbEvents.SPI, -1);
        if (spi >= 0) {
            sb.append(" spi=").append(spi).append(String.format("(0x%08x)", spi));
        }
        if (e.properties().containsKey(SadbEvents.REQID)) {
            long unsigned = e.number(SadbEvents.REQID, 0) & 0xffffffffL;
            sb.append(" reqid=").append(unsigned).append(String.format("(0x%08x)", unsigned));
        }
        sb.append('\n');
    }

    /**
     * {@code text} with the IPv6 addresses of its first line compressed as {@code -D} writes them (an event's text
     * has them as {@link InetAddress#getHostAddress()} writes them); the other lines as they are.
     */
    static String compressAddresses(String text) {
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        if (first.indexOf(':') < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        String[] words = first.split(" ", -1);
        for (int i = 0; i < words.length; i++) {
            if (i > 0) sb.append(' ');
            sb.append(compressWord(words[i]));
        }
        return end < 0 ? sb.toString() : sb.append(text, end, text.length()).toString();
    }

    /** One word {@code addr}, {@code addr[port]}, {@code addr/len} or {@code addr/len[port]}, its address compressed. */
    private static String compressWord(String word) {
        int cut = word.length();
        int bracket = word.indexOf('[');
        if (bracket >= 0) cut = bracket;
        int slash = word.indexOf('/');
        if (slash >= 0 && slash < cut) cut = slash;
        return address(word.substring(0, cut)) + word.substring(cut);
    }

    private static String address(String text) {
        if (text == null) {
            return "?";
        }
        InetAddress a = literal(text);
        return a == null ? text : AddressFormat.format(a);
    }

    /** {@code text} as an address when it is an IPv4 or IPv6 literal (never a name: no lookup happens), else null. */
    static InetAddress literal(String text) {
        if (text == null || text.isEmpty() || !(text.indexOf(':') >= 0 || IPV4.matcher(text).matches())) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%';
            if (!ok) return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
