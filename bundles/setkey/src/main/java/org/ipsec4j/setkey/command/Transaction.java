package org.ipsec4j.setkey.command;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.ipsec4j.api.policy.PolicyEntry;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.SecurityPolicyDatabase;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.setkey.Statement;
import org.ipsec4j.setkey.print.StatementPrinter;

/**
 * Applies the changing statements of one checked batch to the SAD and SPD and remembers how to take each back. The
 * caller holds the setkey lock. When a step fails, {@link #rollback} undoes the steps applied so far in reverse order,
 * as well as it can: an SA that was deleted comes back with its configuration and keys but with fresh counters, and a
 * policy that was deleted comes back behind the policies of its priority.
 *
 * <p>To undo a delete, the keys of the SAs a step removes are copied first (the SAD zeroes its own copy); the copies
 * are zeroed by {@link #close} unless an undo handed them back to the SAD.
 */
final class Transaction implements AutoCloseable {
    private final SecurityAssociationDatabase sad;
    private final SecurityPolicyDatabase spd;
    private final Deque<Undo> undo = new ArrayDeque<>();
    private final Set<SecurityAssociation> keyCopies = Collections.newSetFromMap(new IdentityHashMap<>());

    /** How to take back one applied statement. */
    private record Undo(Statement statement, Runnable action) {
    }

    Transaction(SecurityAssociationDatabase sad, SecurityPolicyDatabase spd) {
        this.sad = sad;
        this.spd = spd;
    }

    /** How many statements were applied (and not undone). */
    int applied() {
        return undo.size();
    }

    /**
     * Applies one statement that changes the SAD or SPD; {@code get}, {@code dump} and {@code spddump} are left to
     * the caller. Throws whatever the database throws; nothing of this statement is applied then.
     */
    void apply(Statement s) {
        if (s instanceof Statement.Add a) {
            SecurityAssociation sa = a.sa();
            sad.add(sa);
            undo.push(new Undo(s, () -> sad.delete(sa.id())));
        } else if (s instanceof Statement.Update u) {
            SaEntry old = sad.get(u.sa().id()).orElseThrow(() -> new IllegalStateException("no such SA"));
            SecurityAssociation before = copyOf(old.sa());
            sad.update(u.sa());
            undo.push(new Undo(s, () -> restore(before, sad::update)));
        } else if (s instanceof Statement.Delete d) {
            SaEntry old = sad.get(d.id()).orElseThrow(() -> new IllegalStateException("no such SA"));
            SecurityAssociation before = copyOf(old.sa());
            sad.delete(d.id());
            undo.push(new Undo(s, () -> restore(before, sad::add)));
        } else if (s instanceof Statement.DeleteAll d) {
            List<SecurityAssociation> before = new ArrayList<>();
            for (SaEntry e : sad.dump(d.protocol())) {
                if (e.sa().source().equals(d.source()) && e.sa().destination().equals(d.destination())) {
                    before.add(copyOf(e.sa()));
                }
            }
            sad.deleteAll(d.source(), d.destination(), d.protocol());
            undo.push(new Undo(s, () -> before.forEach(sa -> restore(sa, sad::add))));
        } else if (s instanceof Statement.Flush f) {
            List<SecurityAssociation> before = new ArrayList<>();
            for (SaEntry e : f.protocol().map(sad::dump).orElseGet(sad::dump)) {
                before.add(copyOf(e.sa()));
            }
            if (f.protocol().isPresent()) {
                sad.flush(f.protocol().get());
            } else {
                sad.flush();
            }
            undo.push(new Undo(s, () -> before.forEach(sa -> restore(sa, sad::add))));
        } else if (s instanceof Statement.SpdAdd a) {
            SecurityPolicy p = a.policy();
            spd.add(p);
            undo.push(new Undo(s, () -> spd.delete(p.selector(), p.direction())));
        } else if (s instanceof Statement.SpdUpdate u) {
            SecurityPolicy p = u.policy();
            SecurityPolicy before = spd.get(p.selector(), p.direction()).map(PolicyEntry::policy)
                    .orElseThrow(() -> new IllegalStateException("no such policy"));
            spd.update(p);
            undo.push(new Undo(s, () -> spd.update(before)));
        } else if (s instanceof Statement.SpdDelete d) {
            SecurityPolicy before = spd.get(d.selector(), d.direction()).map(PolicyEntry::policy)
                    .orElseThrow(() -> new IllegalStateException("no such policy"));
            spd.delete(d.selector(), d.direction());
            undo.push(new Undo(s, () -> spd.add(before)));
        } else if (s instanceof Statement.SpdFlush) {
            List<SecurityPolicy> before = spd.dump().stream().map(PolicyEntry::policy).toList();
            spd.flush();
            undo.push(new Undo(s, () -> before.forEach(spd::add)));
        } else {
            throw new IllegalArgumentException("not a changing statement: " + StatementPrinter.describe(s));
        }
    }

    /**
     * Undoes every applied statement, the last first. Each undo that fails is reported to {@code failures} as
     * {@code "line N (statement): problem"} and the rest go on. Returns whether everything was undone.
     */
    boolean rollback(Consumer<String> failures) {
        boolean complete = true;
        while (!undo.isEmpty()) {
            Undo u = undo.pop();
            try {
                u.action().run();
            } catch (RuntimeException e) {
                complete = false;
                failures.accept("line " + u.statement().position().line() + " ("
                        + StatementPrinter.describe(u.statement()) + "): " + e.getMessage());
            }
        }
        return complete;
    }

    /** Zeroes the key copies kept for undoing that no undo handed to the SAD. */
    @Override
    public void close() {
        keyCopies.forEach(SecurityAssociation::destroyKeys);
        keyCopies.clear();
    }

    private void restore(SecurityAssociation copy, Consumer<SecurityAssociation> into) {
        into.accept(copy);
        keyCopies.remove(copy);
    }

    /** A copy of {@code sa} with copies of its keys, which outlive the SAD's zeroing of the original. */
    private SecurityAssociation copyOf(SecurityAssociation sa) {
        SecurityAssociation.Builder b = sa.toBuilder();
        sa.encryption().ifPresent(k -> b.encryption(copyOf(k)));
        sa.authentication().ifPresent(k -> b.authentication(copyOf(k)));
        sa.compression().ifPresent(k -> b.compression(copyOf(k)));
        SecurityAssociation copy = b.build();
        keyCopies.add(copy);
        return copy;
    }

    private static AlgorithmKey copyOf(AlgorithmKey k) {
        byte[] key = k.key();
        try {
            return new AlgorithmKey(k.name(), key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
