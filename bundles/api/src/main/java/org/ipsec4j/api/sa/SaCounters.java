package org.ipsec4j.api.sa;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.ipsec4j.api.transform.Verdict;

/**
 * A snapshot of one SA's counters.
 *
 * @param packets        packets protected (outbound SA) or verified (inbound SA)
 * @param bytes          bytes counted against the byte lifetime: the payload before protection, or after verification
 * @param sequence       the last outbound sequence number used, or the highest inbound one accepted (64 bits with ESN)
 * @param firstUseMillis when the SA first carried a packet (epoch milliseconds), 0 if never
 * @param lastUseMillis  when the SA last carried a packet, 0 if never
 * @param drops          packets dropped under this SA, by reason (only non-zero reasons are present)
 */
public record SaCounters(long packets, long bytes, long sequence, long firstUseMillis, long lastUseMillis,
        Map<Verdict, Long> drops) {
    public SaCounters {
        EnumMap<Verdict, Long> copy = new EnumMap<>(Verdict.class);
        drops.forEach((k, v) -> {
            if (v != 0) copy.put(k, v);
        });
        drops = Collections.unmodifiableMap(copy);
    }

    public long drops(Verdict reason) {
        return drops.getOrDefault(reason, 0L);
    }
}
