package org.ipsec4j.management;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SaCounters;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;

/** The {@link SaMXBean} of one SA: each read looks the SA up in the SAD by its id (O(1)) and reads its counters. */
final class SaMBean implements SaMXBean {
    private final SecurityAssociationDatabase sad;
    private final SaId id;

    SaMBean(SecurityAssociationDatabase sad, SaId id) {
        this.sad = Objects.requireNonNull(sad, "sad");
        this.id = Objects.requireNonNull(id, "id");
    }

    private SaEntry entry() {
        return sad.get(id).orElseThrow(() -> new IllegalStateException("the SA " + id + " is no longer in the SAD"));
    }

    private SecurityAssociation sa() {
        return entry().sa();
    }

    private SaCounters counters() {
        return entry().counters();
    }

    @Override public String getSource() { return ObjectNames.address(sa().source()); }
    @Override public String getDestination() { return ObjectNames.address(id.destination()); }
    @Override public String getProtocol() { return id.protocol().setkeyName(); }
    @Override public long getSpi() { return id.spiUnsigned(); }
    @Override public String getMode() { return sa().mode().setkeyName(); }
    @Override public long getReqid() { return Integer.toUnsignedLong(sa().reqid()); }
    @Override public String getState() { return entry().state().setkeyName(); }
    @Override public String getEncryptionAlgorithm() { return sa().encryption().map(AlgorithmKey::name).orElse(""); }
    @Override public String getAuthenticationAlgorithm() {
        return sa().authentication().map(AlgorithmKey::name).orElse("");
    }
    @Override public String getCompressionAlgorithm() { return sa().compression().map(AlgorithmKey::name).orElse(""); }
    @Override public long getPackets() { return counters().packets(); }
    @Override public long getBytes() { return counters().bytes(); }
    @Override public long getSequence() { return counters().sequence(); }
    @Override public long getCreatedMillis() { return entry().createdMillis(); }
    @Override public long getLastUseMillis() { return counters().lastUseMillis(); }
    @Override public long getHardLifetimeSeconds() { return sa().hardLifetime().seconds(); }
    @Override public long getSoftLifetimeSeconds() { return sa().softLifetime().seconds(); }
    @Override public long getHardLifetimeBytes() { return sa().hardLifetime().bytes(); }
    @Override public long getSoftLifetimeBytes() { return sa().softLifetime().bytes(); }

    @Override
    public long getDropped() {
        long n = 0;
        for (long v : counters().drops().values()) n += v;
        return n;
    }

    @Override
    public Map<String, Long> getDrops() {
        Map<String, Long> out = new LinkedHashMap<>();
        counters().drops().forEach((reason, n) -> out.put(reason.counterName(), n));
        return out;
    }
}
