package org.ipsec4j.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.engine.admin.StatSection;

/**
 * A snapshot of the engine's global counters, KAME's {@code netstat -s -p ipsec} for ipsec4j.
 *
 * @param inSuccess    inbound packets that arrived through IPsec and satisfied their policy
 * @param inPlaintext  inbound packets without IPsec that their policy (or the default policy) lets in
 * @param outSuccess   outbound packets protected by at least one SA
 * @param outPlaintext outbound packets sent without IPsec (no policy, {@code none}, or {@code use} without SA)
 * @param noTransform  packets dropped because no transform serves their SA's protocol
 * @param acquires     acquires posted for {@code require}/{@code unique} rules without an SA (the SAD suppresses
 *                     repeats of one request for a while)
 * @param inDrops      inbound drops by reason (every reason present, zeros included)
 * @param outDrops     outbound drops by reason
 */
public record EngineStatistics(long inSuccess, long inPlaintext, long outSuccess, long outPlaintext,
        long noTransform, long acquires, Map<Verdict, Long> inDrops, Map<Verdict, Long> outDrops) {
    public EngineStatistics {
        inDrops = Collections.unmodifiableMap(new EnumMap<>(inDrops));
        outDrops = Collections.unmodifiableMap(new EnumMap<>(outDrops));
    }

    public long inDrops(Verdict v) { return inDrops.getOrDefault(v, 0L); }
    public long outDrops(Verdict v) { return outDrops.getOrDefault(v, 0L); }

    /** Inbound packets refused by policy: KAME's "violated process security policy" ({@code policy} and {@code discard}). */
    public long inPolicyViolation() { return inDrops(Verdict.POLICY_VIOLATION) + inDrops(Verdict.POLICY_DISCARD); }
    public long inNoSa() { return inDrops(Verdict.NO_SA); }
    /** Malformed inbound packets: bad headers, lengths, padding, next header, compression. */
    public long inInvalid() { return invalid(inDrops); }
    public long inAuthFailed() { return inDrops(Verdict.AUTH_FAILED); }
    public long inReplay() { return inDrops(Verdict.REPLAY); }
    public long inNoAlgorithm() { return inDrops(Verdict.NO_ALGORITHM); }
    public long inNoBuffer() { return inDrops(Verdict.NO_BUFFER_SPACE); }
    /** Outbound packets a {@code discard} policy dropped. */
    public long outPolicyViolation() { return outDrops(Verdict.POLICY_DISCARD) + outDrops(Verdict.POLICY_VIOLATION); }
    /** Outbound packets a {@code require}/{@code unique} rule dropped for want of an SA. */
    public long outNoSa() { return outDrops(Verdict.NO_SA_FOR_POLICY) + outDrops(Verdict.NO_SA); }
    public long outInvalid() { return invalid(outDrops); }
    public long outNoAlgorithm() { return outDrops(Verdict.NO_ALGORITHM); }
    public long outNoBuffer() { return outDrops(Verdict.NO_BUFFER_SPACE); }

    /** Every inbound drop. */
    public long inDropped() { return total(inDrops); }
    /** Every outbound drop. */
    public long outDropped() { return total(outDrops); }

    private static long invalid(Map<Verdict, Long> m) {
        return m.getOrDefault(Verdict.TRUNCATED, 0L) + m.getOrDefault(Verdict.BAD_LENGTH, 0L)
                + m.getOrDefault(Verdict.BAD_PADDING, 0L) + m.getOrDefault(Verdict.BAD_NEXT_HEADER, 0L)
                + m.getOrDefault(Verdict.BAD_COMPRESSION, 0L) + m.getOrDefault(Verdict.BAD_HEADER, 0L);
    }

    private static long total(Map<Verdict, Long> m) {
        long t = 0;
        for (long v : m.values()) t += v;
        return t;
    }

    /** The counters as {@code netstat -s -p ipsec} prints them, one per line, then every non-zero drop reason. */
    public String format() {
        return section().format();
    }

    /** The counters as the {@code ipsec} section of {@code ipsec:stat}: the lines of {@link #format()}. */
    public StatSection section() {
        List<StatSection.Line> b = new ArrayList<>();
        line(b, inSuccess, "inbound packets processed successfully");
        line(b, inPlaintext, "inbound packets accepted without IPsec");
        line(b, inPolicyViolation(), "inbound packets violated process security policy");
        line(b, inNoSa(), "inbound packets with no SA available");
        line(b, inInvalid(), "invalid inbound packets");
        line(b, inNoBuffer(), "inbound packets failed due to insufficient memory");
        line(b, inReplay(), "inbound packets failed on replay check");
        line(b, inAuthFailed(), "inbound packets failed on authentication");
        line(b, inNoAlgorithm(), "inbound packets with no algorithm or transform available");
        line(b, outSuccess, "outbound packets processed successfully");
        line(b, outPlaintext, "outbound packets sent without IPsec");
        line(b, outPolicyViolation(), "outbound packets violated process security policy");
        line(b, outNoSa(), "outbound packets with no SA available");
        line(b, outInvalid(), "invalid outbound packets");
        line(b, outNoBuffer(), "outbound packets failed due to insufficient memory");
        line(b, outNoAlgorithm(), "outbound packets with no algorithm or transform available");
        line(b, acquires, "acquires raised");
        drops(b, "inbound", inDrops);
        drops(b, "outbound", outDrops);
        return new StatSection("ipsec", b);
    }

    private static void line(List<StatSection.Line> b, long n, String what) {
        b.add(new StatSection.Line(n, what));
    }

    private static void drops(List<StatSection.Line> b, String dir, Map<Verdict, Long> m) {
        m.forEach((v, n) -> {
            if (n != 0) b.add(new StatSection.Line(n, dir + " drops: " + v.counterName()));
        });
    }
}
