package org.ipsec4j.sad;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A hash table of immutable chains of {@link SaRecord}s, each under a key of type {@code K}: the mechanism of
 * {@link SpiIndex} and {@link EndpointIndex}, which own the keys, their hashes and how a lookup compares them.
 *
 * <p>Readers take no lock and allocate nothing: {@link #chain} reads the volatile table reference, then the bucket's
 * head with acquire semantics, and the reader walks {@link Node#next}, comparing hashes and keys in place. Writers are
 * serialized by the table's writer lock; they replace a bucket's chain (copying the nodes in front of a removed one)
 * and publish a grown table through the volatile reference, so a reader always walks a consistent chain.
 */
final class RecordChains<K> {
    private static final int INITIAL_BUCKETS = 64;
    private static final VarHandle BUCKETS = MethodHandles.arrayElementVarHandle(Node[].class);

    /** One entry of a chain; never changes once published. */
    static final class Node<K> {
        final int hash;
        final K key;
        final SaRecord record;
        final Node<K> next;

        Node(int hash, K key, SaRecord record, Node<K> next) {
            this.hash = hash;
            this.key = key;
            this.record = record;
            this.next = next;
        }
    }

    private volatile Node<?>[] table = new Node<?>[INITIAL_BUCKETS];
    /** Entries in the table; writers only. */
    private int size;

    /** The first node of the chain that holds the entries hashed to {@code hash}, or null. Lock-free. */
    @SuppressWarnings("unchecked")
    Node<K> chain(int hash) {
        Node<?>[] t = table;
        return (Node<K>) BUCKETS.getAcquire(t, hash & (t.length - 1));
    }

    /** Adds {@code record} under {@code key}, whose hash is {@code hash}. Writers only. */
    @SuppressWarnings("unchecked")
    void put(int hash, K key, SaRecord record) {
        if (size + 1 > table.length - (table.length >>> 2)) {
            grow();
        }
        Node<?>[] t = table;
        int i = hash & (t.length - 1);
        BUCKETS.setRelease(t, i, new Node<>(hash, key, record, (Node<K>) BUCKETS.getAcquire(t, i)));
        size++;
    }

    /** Removes {@code record} (by identity) from the chain of {@code hash}, if it is there. Writers only. */
    boolean remove(int hash, SaRecord record) {
        Node<?>[] t = table;
        int i = hash & (t.length - 1);
        Node<K> head = chain(hash);
        Node<K> rebuilt = without(head, record);
        if (rebuilt == head) {
            return false;
        }
        BUCKETS.setRelease(t, i, rebuilt);
        size--;
        return true;
    }

    /** The chain without {@code record}: the nodes in front of it are copied, the tail is shared. */
    private static <K> Node<K> without(Node<K> head, SaRecord record) {
        int before = 0;
        Node<K> target = head;
        while (target != null && target.record != record) {
            target = target.next;
            before++;
        }
        if (target == null) {
            return head;
        }
        Node<?>[] front = new Node<?>[before];
        Node<K> n = head;
        for (int i = 0; i < before; i++, n = n.next) {
            front[i] = n;
        }
        Node<K> rest = target.next;
        for (int i = before - 1; i >= 0; i--) {
            @SuppressWarnings("unchecked")
            Node<K> f = (Node<K>) front[i];
            rest = new Node<>(f.hash, f.key, f.record, rest);
        }
        return rest;
    }

    /** Empties the table. Writers only. */
    void clear() {
        table = new Node<?>[INITIAL_BUCKETS];
        size = 0;
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        Node<?>[] old = table;
        Node<?>[] t = new Node<?>[old.length * 2];
        for (Node<?> head : old) {
            for (Node<K> n = (Node<K>) head; n != null; n = n.next) {
                int i = n.hash & (t.length - 1);
                t[i] = new Node<>(n.hash, n.key, n.record, (Node<K>) t[i]);
            }
        }
        table = t;
    }

    /** The finalizer of MurmurHash3: spreads every input bit over the low bits a table index uses. */
    static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }
}
