package org.ipsec4j.setkey.command;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.policy.Direction;
import org.ipsec4j.api.policy.PolicyEntry;
import org.ipsec4j.api.policy.Selector;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.setkey.Statement;

/**
 * Runs a batch of statements against a model of the SAD and SPD, without touching them, and finds the first statement
 * that would fail: an {@code add} of an SA that exists, an {@code update}, {@code get} or {@code delete} of one that
 * does not (an SA is found by destination, protocol and SPI and must come from the statement's source, as in KAME),
 * an {@code spdadd} of a policy that exists (same selector and direction), an {@code spdupdate} or {@code spddelete}
 * of one that does not. Each statement sees the effects of the ones before it, so {@code add X; delete X;} passes.
 * Given the gateway's {@link AlgorithmRegistry}, an {@code add} or {@code update} whose algorithm no provider offers
 * now fails too, naming the algorithms that are offered: a cipher bundle may be missing or stopped.
 *
 * <p>Started from a snapshot of the databases every entry is known. Started without databases (offline {@code -n})
 * nothing is known at first: only what the batch itself adds, deletes or flushes is, and a statement fails only when
 * what it needs is known to be otherwise.
 */
final class BatchCheck {
    /** The first statement that would fail, and why (e.g. {@code SA already exists}). */
    record Failure(Statement statement, String problem) {
    }

    private record PolicyKey(Selector selector, Direction direction) {
    }

    /** What names an SA on the wire: esp, esp-old and esp-udp share IP protocol 50 (ah and ah-old 51). */
    private record WireKey(InetAddress destination, int ipProtocol, int spi) {
        static WireKey of(SaId id) {
            return new WireKey(id.destination(), id.protocol().ipProtocol(), id.spi());
        }
    }

    private record Triple(InetAddress source, InetAddress destination, SaProtocol protocol) {
    }

    private final Map<SaId, InetAddress> sas = new HashMap<>();
    private final Map<WireKey, SaId> onWire = new HashMap<>();
    private final Set<SaId> removedSas = new HashSet<>();
    private final Set<Triple> removedTriples = new HashSet<>();
    private final Set<SaProtocol> flushedProtocols = new HashSet<>();
    private boolean sadKnown;

    private final Set<PolicyKey> policies = new HashSet<>();
    private final Set<PolicyKey> removedPolicies = new HashSet<>();
    private boolean spdKnown;

    /** The algorithms offered now, or null when they are not checked (offline). */
    private AlgorithmRegistry algorithms;

    private BatchCheck() {
    }

    /** Checks the algorithms of added and updated SAs against {@code registry} too (null: not checked). */
    BatchCheck offering(AlgorithmRegistry registry) {
        this.algorithms = registry;
        return this;
    }

    /** A model of the given SAD and SPD contents, in which every entry is known. */
    static BatchCheck of(List<? extends SaEntry> sad, List<? extends PolicyEntry> spd) {
        BatchCheck c = new BatchCheck();
        c.sadKnown = true;
        c.spdKnown = true;
        for (SaEntry e : sad) {
            c.putSa(e.id(), e.sa().source());
        }
        for (PolicyEntry e : spd) {
            c.policies.add(new PolicyKey(e.policy().selector(), e.policy().direction()));
        }
        return c;
    }

    /** A model of databases of which nothing is known. */
    static BatchCheck unknown() {
        return new BatchCheck();
    }

    /** Runs {@code statements} in order against the model; the first failure, if any. */
    Optional<Failure> run(List<? extends Statement> statements) {
        for (Statement s : statements) {
            String problem = step(s);
            if (problem != null) {
                return Optional.of(new Failure(s, problem));
            }
        }
        return Optional.empty();
    }

    /** Applies one statement to the model; the problem, or null when it would succeed. */
    private String step(Statement s) {
        if (s instanceof Statement.Add a) {
            SaId id = a.sa().id();
            if (sas.containsKey(id)) return "SA already exists";
            String notOffered = notOffered(a.sa());
            if (notOffered != null) return notOffered;
            SaId twin = onWire.get(WireKey.of(id));
            if (twin != null) return "SA already exists (as " + twin.protocol().setkeyName() + " with this SPI)";
            putSa(id, a.sa().source());
        } else if (s instanceof Statement.Update u) {
            String p = requireSa(u.sa().source(), u.sa().id());
            if (p != null) return p;
            String notOffered = notOffered(u.sa());
            if (notOffered != null) return notOffered;
            putSa(u.sa().id(), u.sa().source());
        } else if (s instanceof Statement.Get g) {
            String p = requireSa(g.source(), g.id());
            if (p != null) return p;
            putSa(g.id(), g.source());
        } else if (s instanceof Statement.Delete d) {
            String p = requireSa(d.source(), d.id());
            if (p != null) return p;
            removeSa(d.id());
            removedSas.add(d.id());
        } else if (s instanceof Statement.DeleteAll d) {
            sas.entrySet().removeIf(e -> e.getKey().protocol() == d.protocol()
                    && e.getKey().destination().equals(d.destination()) && e.getValue().equals(d.source()));
            onWire.values().removeIf(id -> !sas.containsKey(id));
            removedTriples.add(new Triple(d.source(), d.destination(), d.protocol()));
        } else if (s instanceof Statement.Flush f) {
            if (f.protocol().isPresent()) {
                SaProtocol p = f.protocol().get();
                sas.keySet().removeIf(id -> id.protocol() == p);
                onWire.values().removeIf(id -> id.protocol() == p);
                flushedProtocols.add(p);
            } else {
                sas.clear();
                onWire.clear();
                removedSas.clear();
                removedTriples.clear();
                flushedProtocols.clear();
                sadKnown = true;
            }
        } else if (s instanceof Statement.SpdAdd a) {
            PolicyKey k = new PolicyKey(a.policy().selector(), a.policy().direction());
            if (policies.contains(k)) return "policy already exists";
            policies.add(k);
            removedPolicies.remove(k);
        } else if (s instanceof Statement.SpdUpdate u) {
            PolicyKey k = new PolicyKey(u.policy().selector(), u.policy().direction());
            if (knownAbsent(k)) return "no such policy";
            policies.add(k);
        } else if (s instanceof Statement.SpdDelete d) {
            PolicyKey k = new PolicyKey(d.selector(), d.direction());
            if (knownAbsent(k)) return "no such policy";
            policies.remove(k);
            removedPolicies.add(k);
        } else if (s instanceof Statement.SpdFlush) {
            policies.clear();
            removedPolicies.clear();
            spdKnown = true;
        }
        // dump and spddump change nothing and cannot fail
        return null;
    }

    private void putSa(SaId id, InetAddress source) {
        sas.put(id, source);
        onWire.put(WireKey.of(id), id);
        removedSas.remove(id);
    }

    private void removeSa(SaId id) {
        sas.remove(id);
        onWire.remove(WireKey.of(id));
    }

    private String requireSa(InetAddress source, SaId id) {
        InetAddress known = sas.get(id);
        if (known != null) {
            return known.equals(source) ? null : "no such SA (this SPI belongs to an SA from "
                    + org.ipsec4j.setkey.print.AddressFormat.format(known) + ")";
        }
        boolean absent = sadKnown || removedSas.contains(id) || flushedProtocols.contains(id.protocol())
                || removedTriples.contains(new Triple(source, id.destination(), id.protocol()));
        return absent ? "no such SA" : null;
    }

    private boolean knownAbsent(PolicyKey k) {
        return !policies.contains(k) && (spdKnown || removedPolicies.contains(k));
    }

    /** Why an SA's algorithms cannot run now (no provider offers one of them), or null. */
    private String notOffered(SecurityAssociation sa) {
        if (algorithms == null) {
            return null;
        }
        String p = notOffered(sa.encryption().orElse(null), "encryption", AlgorithmKind.ENCRYPTION, AlgorithmKind.AEAD);
        if (p == null) {
            p = notOffered(sa.authentication().orElse(null), "authentication", AlgorithmKind.INTEGRITY);
        }
        if (p == null) {
            p = notOffered(sa.compression().orElse(null), "compression", AlgorithmKind.COMPRESSION);
        }
        return p;
    }

    private String notOffered(AlgorithmKey key, String what, AlgorithmKind... kinds) {
        if (key == null) {
            return null;
        }
        for (AlgorithmKind k : kinds) {
            if (algorithms.find(k, key.name()).isPresent()) {
                return null;
            }
        }
        Set<String> offered = new java.util.LinkedHashSet<>();
        for (AlgorithmProvider p : algorithms.all()) {
            if (List.of(kinds).contains(p.descriptor().kind())) {
                offered.add(p.descriptor().name());
            }
        }
        return what + " algorithm \"" + key.name() + "\" is not offered by any provider now (offered: "
                + (offered.isEmpty() ? "none" : String.join(", ", offered))
                + "; is its cipher bundle installed and started?)";
    }
}
