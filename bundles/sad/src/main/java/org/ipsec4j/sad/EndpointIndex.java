package org.ipsec4j.sad;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SaState;

/**
 * The outbound index of an {@link SaTable}: (SA protocol, source, destination) to the SAs between those endpoints, as
 * a hash table of immutable chains with the same concurrency rules as {@link SpiIndex}: lock-free, allocation-free
 * readers, writers serialized by the table's writer lock.
 */
final class EndpointIndex {
    private static final VarHandle BUCKETS = MethodHandles.arrayElementVarHandle(Node[].class);

    private static final class Node {
        final int hash;
        final SaProtocol protocol;
        final byte[] source;
        final byte[] destination;
        final SaRecord record;
        final Node next;

        Node(int hash, SaProtocol protocol, byte[] source, byte[] destination, SaRecord record, Node next) {
            this.hash = hash;
            this.protocol = protocol;
            this.source = source;
            this.destination = destination;
            this.record = record;
            this.next = next;
        }

        boolean matches(int h, SaProtocol p, byte[] src, int srcOff, byte[] dst, int dstOff, int len) {
            if (hash != h || protocol != p || source.length != len) {
                return false;
            }
            for (int i = 0; i < len; i++) {
                if (source[i] != src[srcOff + i] || destination[i] != dst[dstOff + i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private volatile Node[] table = new Node[64];
    private int size;

    /**
     * The best SA between these endpoints for a rule of {@code mode} and {@code reqid} (0: any): mature before dying,
     * then the newest (highest {@code sadb_seq}). Larval and dead SAs are skipped. Lock-free, allocation-free.
     */
    SaRecord find(SaProtocol protocol, IpsecMode mode, byte[] src, int srcOff, byte[] dst, int dstOff, int len,
            int reqid) {
        int h = hash(protocol, src, srcOff, dst, dstOff, len);
        Node[] t = table;
        SaRecord best = null;
        boolean bestMature = false;
        for (Node n = (Node) BUCKETS.getAcquire(t, h & (t.length - 1)); n != null; n = n.next) {
            if (!n.matches(h, protocol, src, srcOff, dst, dstOff, len)) {
                continue;
            }
            SaRecord r = n.record;
            SaState state = r.state();
            if (state != SaState.MATURE && state != SaState.DYING) {
                continue;
            }
            var sa = r.sa();
            if (sa.mode() != IpsecMode.ANY && mode != IpsecMode.ANY && sa.mode() != mode) {
                continue;
            }
            if (reqid != 0 && sa.reqid() != reqid) {
                continue;
            }
            boolean mature = state == SaState.MATURE;
            if (best == null || (mature && !bestMature)
                    || (mature == bestMature && r.sadbSeq() > best.sadbSeq())) {
                best = r;
                bestMature = mature;
            }
        }
        return best;
    }

    void put(SaRecord record) {
        var sa = record.sa();
        byte[] src = sa.source().getAddress();
        byte[] dst = sa.destination().getAddress();
        if (size + 1 > table.length - (table.length >>> 2)) {
            grow();
        }
        Node[] t = table;
        int h = hash(sa.protocol(), src, 0, dst, 0, dst.length);
        int i = h & (t.length - 1);
        BUCKETS.setRelease(t, i, new Node(h, sa.protocol(), src, dst, record, (Node) BUCKETS.getAcquire(t, i)));
        size++;
    }

    /** Removes {@code record}, indexed under the endpoints of {@code asIndexed} (its configuration when it was put). */
    boolean remove(SaRecord record, org.ipsec4j.api.sa.SecurityAssociation asIndexed) {
        byte[] src = asIndexed.source().getAddress();
        byte[] dst = asIndexed.destination().getAddress();
        Node[] t = table;
        int h = hash(asIndexed.protocol(), src, 0, dst, 0, dst.length);
        int i = h & (t.length - 1);
        Node head = (Node) BUCKETS.getAcquire(t, i);
        Node rebuilt = without(head, record);
        if (rebuilt == head) {
            return false;
        }
        BUCKETS.setRelease(t, i, rebuilt);
        size--;
        return true;
    }

    private static Node without(Node head, SaRecord record) {
        int before = 0;
        Node target = head;
        while (target != null && target.record != record) {
            target = target.next;
            before++;
        }
        if (target == null) {
            return head;
        }
        Node[] front = new Node[before];
        Node n = head;
        for (int i = 0; i < before; i++, n = n.next) {
            front[i] = n;
        }
        Node rest = target.next;
        for (int i = before - 1; i >= 0; i--) {
            n = front[i];
            rest = new Node(n.hash, n.protocol, n.source, n.destination, n.record, rest);
        }
        return rest;
    }

    void clear() {
        table = new Node[64];
        size = 0;
    }

    int size() {
        return size;
    }

    private void grow() {
        Node[] old = table;
        Node[] t = new Node[old.length * 2];
        for (Node head : old) {
            for (Node n = head; n != null; n = n.next) {
                int i = n.hash & (t.length - 1);
                t[i] = new Node(n.hash, n.protocol, n.source, n.destination, n.record, t[i]);
            }
        }
        table = t;
    }

    static int hash(SaProtocol protocol, byte[] src, int srcOff, byte[] dst, int dstOff, int len) {
        int h = protocol.ordinal() * 0x9E3779B9;
        for (int i = 0; i < len; i++) {
            h = h * 31 + src[srcOff + i];
            h = h * 31 + dst[dstOff + i];
        }
        return SpiIndex.mix(h);
    }
}
